import { declaredGates, loadPolicy } from '@mlgate/gates'
import {
  REPORT_KEY,
  optionalInput,
  booleanInput,
  collectResultsFromInputs,
  publish,
  runAction,
  uploadReportArtifact,
} from '@mlgate/github'

// Gate jobs running in parallel cannot share one comment safely (GitHub has no compare-and-swap
// on comments, so read-modify-write loses sections); each uploads its result as an artifact and
// this action, in a job that `needs:` them all, writes the one comment, check run and summary.
await runAction(async (runner) => {
  // With a policy file, every gate it declares must have a result.
  const config = optionalInput(runner, 'config')
  const declared = config ? declaredGates(await loadPolicy(config)) : []
  const results = await collectResultsFromInputs(runner, process.env, declared)
  // Outputs first, so `if: always()` steps can read them even when publishing fails.
  runner.output('gates', JSON.stringify(Object.fromEntries(results.map((r) => [r.gate, r.status]))))
  // Before the comment, so the artifact its "full report" link points at exists.
  await uploadReportArtifact(runner, results)
  await publish(runner, results, {
    key: REPORT_KEY,
    checkName: 'mlgate',
    comment: booleanInput(runner, 'comment') ?? true,
    checkRun: booleanInput(runner, 'check-run') ?? true,
    // uploadReportArtifact wrote mlgate-report with the HTML page beside the JSON.
    artifact: false,
  })
  return results
})
