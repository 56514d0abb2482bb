import { useCompileCache } from '@mlgate/gates/compile-cache'
import { relaunchWithHugePages } from '@mlgate/gates/huge-pages'

// `npm run bench`'s entry point. The steps it times in this process (and in the fresh processes
// it starts from this bundle) run with huge pages and the compile cache wherever the CLI's would
// (see huge-pages.ts, compile-cache.ts).
relaunchWithHugePages()
useCompileCache()
await import('./main.ts')
