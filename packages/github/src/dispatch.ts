import type { GitHubClient } from './client.ts'

/**
 * How to start a retraining run. Both events start workflows even when sent with the job's
 * GITHUB_TOKEN: GitHub's rule that a GITHUB_TOKEN cannot trigger new runs exempts
 * workflow_dispatch and repository_dispatch (GitHub docs, "Triggering a workflow from a
 * workflow"). workflow_dispatch needs `actions: write`; repository_dispatch needs
 * `contents: write`.
 */
export type RetrainDispatch =
  | {
      readonly kind: 'workflow_dispatch'
      /** Workflow file name (e.g. `retrain.yml`) or id. */
      readonly workflow: string
      /** Branch or tag the workflow runs on. */
      readonly ref: string
      /** Must match inputs the workflow declares: GitHub answers 422 to undeclared ones. */
      readonly inputs?: Readonly<Record<string, string>>
    }
  | {
      readonly kind: 'repository_dispatch'
      readonly eventType: string
      readonly payload?: Readonly<Record<string, unknown>>
    }

/** Sends the dispatch; returns a sentence saying what was started. */
export async function dispatchRetraining(
  client: GitHubClient,
  owner: string,
  repo: string,
  d: RetrainDispatch,
): Promise<string> {
  if (d.kind === 'workflow_dispatch') {
    await client.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: d.workflow,
      ref: d.ref,
      ...(d.inputs && Object.keys(d.inputs).length > 0 ? { inputs: { ...d.inputs } } : {}),
    })
    return `workflow_dispatch of ${d.workflow} on ${d.ref}`
  }
  await client.rest.repos.createDispatchEvent({
    owner,
    repo,
    event_type: d.eventType,
    ...(d.payload ? { client_payload: { ...d.payload } } : {}),
  })
  return `repository_dispatch event "${d.eventType}"`
}
