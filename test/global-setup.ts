import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Build dist/ once before any test file runs: the action tests run the built bundles exactly as
 * GitHub's runner does, so they must never see a stale build.
 */
export function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url))
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' })
}
