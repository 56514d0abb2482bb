import { useCompileCache } from '@mlgate/gates/compile-cache'
import { relaunchWithHugePages } from '@mlgate/gates/huge-pages'

// The action's entry point. Before the action is loaded, the process may be replaced by one
// with huge pages for its arrays (see huge-pages.ts) and the compile cache is turned on (see
// compile-cache.ts); then the action runs.
relaunchWithHugePages()
useCompileCache()
await import('./main.ts')
