import { relaunchWithHugePages } from '@mlgate/gates/huge-pages'

// `npm run bench`'s entry point. The steps it times in this process (and in the fresh processes
// it starts from this bundle) run with huge pages wherever the CLI's would (see huge-pages.ts).
relaunchWithHugePages()
await import('./main.ts')
