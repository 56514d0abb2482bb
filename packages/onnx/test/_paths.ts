import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))

/** Upstream models shared by the project, read-only, at ../shared/fixtures from the repo root. */
export const REAL_MODELS = fileURLToPath(
  new URL('../../../../shared/fixtures/real-models/', import.meta.url),
)
export const HAVE_REAL_MODELS = existsSync(REAL_MODELS)

/** A describe title that says why the block is skipped when the shared fixtures are absent. */
export function realModelsTitle(title: string): string {
  return HAVE_REAL_MODELS ? title : `${title} (skipped: ${REAL_MODELS} is absent)`
}
