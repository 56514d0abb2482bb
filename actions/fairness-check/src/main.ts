import {
  fairnessConfigFromInputs,
  fairnessProgress,
  fromPolicy,
  progressLines,
  runFairnessGate,
  withPolicyFile,
} from '@mlgate/gates'
import { actionInputs, booleanInput, publish, runAction, writeReportFile } from '@mlgate/github'

await runAction(async (runner) => {
  const config = fromPolicy(
    await withPolicyFile(actionInputs(runner), 'fairness'),
    fairnessConfigFromInputs,
  )
  // Long scoring and a long bootstrap say how far they are in the job's log every few seconds.
  const progress = fairnessProgress((label, unit) =>
    progressLines((line) => runner.info(line), label, unit),
  )
  const result = await runFairnessGate(config, progress).finally(progress.end)
  // Outputs first, so `if: always()` steps can read them even when publishing fails.
  await writeReportFile(runner, result, 'mlgate-fairness.json')
  runner.output('passed', String(result.status === 'pass' || result.status === 'warn'))
  runner.output('metrics', JSON.stringify(result.metrics))
  runner.output('disparities', JSON.stringify(result.details?.['disparities'] ?? {}))
  await publish(runner, [result], {
    comment: booleanInput(runner, 'comment') ?? true,
    checkRun: booleanInput(runner, 'check-run') ?? true,
  })
  return result
})
