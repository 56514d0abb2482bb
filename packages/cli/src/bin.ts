import { useCompileCache } from '@mlgate/gates/compile-cache'
import { relaunchWithHugePages } from '@mlgate/gates/huge-pages'

// Before the CLI is loaded: the process may be replaced by one with huge pages for its arrays,
// and its bundles' compiled code is taken from Node's cache when there (see compile-cache.ts).
relaunchWithHugePages()
useCompileCache()
const { runCli } = await import('./main.ts')
const { processIo } = await import('./io.ts')
process.exitCode = await runCli(process.argv.slice(2), processIo())
