import { relaunchWithHugePages } from '@mlgate/gates/huge-pages'

// The action's entry point. Before the action is loaded, the process may be replaced by one
// with huge pages for its arrays (see huge-pages.ts); then the action runs.
relaunchWithHugePages()
await import('./main.ts')
