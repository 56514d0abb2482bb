import { fileURLToPath } from 'node:url'

/** The repository root, where a workflow's checkout would put the project. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A built action bundle, as `runs.main` of actions/<name>/action.yml points at it. */
export function builtAction(name: string): string {
  return `${REPO_ROOT}dist/${name}.js`
}

export function actionYml(name: string): string {
  return `${REPO_ROOT}actions/${name}/action.yml`
}
