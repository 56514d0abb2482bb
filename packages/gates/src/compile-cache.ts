import nodeModule from 'node:module'
import { setCollectionFlags } from '@mlgate/data/collections'

/** `module.enableCompileCache`: Node 22.1 and later; not in the @types/node of Node 20. */
type EnableCompileCache = () => { readonly directory?: string }

/**
 * Turns on Node's on-disk cache of compiled code for the bundles loaded from here on (Node 22.1
 * and later; a no-op on Node 20). Its folder is `NODE_COMPILE_CACHE` when set, else
 * os.tmpdir()/node-compile-cache; `NODE_DISABLE_COMPILE_CACHE=1` turns it off. The folder goes
 * into process.env so that the worker threads started later use it too (a worker takes its
 * environment from process.env). A run whose bundles are cached skips compiling them: on the
 * reference workload's 20,000-row `mlgate run`, 20–40 ms of a 0.8 s run (3 rounds of 5 fresh
 * Node 24 processes each way); the first run after a build fills the cache. Node checks each
 * entry against the source's hash and its own version, so a rebuilt bundle or another Node
 * compiles afresh, and so does code compiled under other V8 flags: the flags for collections
 * are set first, so that every script of every run is compiled under the same flags.
 * Call it first thing in an entry point, after `relaunchWithHugePages`.
 */
export function useCompileCache(): void {
  setCollectionFlags()
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache
  if (typeof enable !== 'function') return
  const { directory } = enable()
  if (directory !== undefined) process.env['NODE_COMPILE_CACHE'] ??= directory
}
