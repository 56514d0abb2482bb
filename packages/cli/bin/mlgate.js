#!/usr/bin/env node
// The CLI is written in TypeScript; this shim runs the bundle that `npm run build` writes.
import { existsSync } from 'node:fs'

const bundle = new URL('../../../dist/mlgate.js', import.meta.url)
if (!existsSync(bundle)) {
  process.stderr.write('mlgate: dist/mlgate.js is missing; run `npm run build` first.\n')
  process.exit(2)
}
await import(bundle.href)
