import {
  accuracyConfigFromInputs,
  accuracyProgress,
  fromPolicy,
  progressLines,
  runAccuracyGate,
  withPolicyFile,
} from '@mlgate/gates'
import { actionInputs, booleanInput, publish, runAction, writeReportFile } from '@mlgate/github'

await runAction(async (runner) => {
  const config = fromPolicy(
    await withPolicyFile(actionInputs(runner), 'accuracy'),
    accuracyConfigFromInputs,
  )
  // Long scoring and a long bootstrap say how far they are in the job's log every few seconds.
  const progress = accuracyProgress((label, unit) =>
    progressLines((line) => runner.info(line), label, unit),
  )
  const result = await runAccuracyGate(config, { onProgress: progress.onProgress }).finally(
    progress.end,
  )
  // Outputs first, so `if: always()` steps can read them even when publishing fails.
  await writeReportFile(runner, result, 'mlgate-accuracy.json')
  runner.output('passed', String(result.status === 'pass' || result.status === 'warn'))
  runner.output('metrics', JSON.stringify(result.metrics))
  const keyMetrics = [
    ['accuracy', 'accuracy'],
    ['roc-auc', 'roc_auc'],
    ['f1', 'f1'],
  ] as const
  for (const [output, metric] of keyMetrics) {
    const value = result.metrics[metric]
    runner.output(output, value == null ? '' : String(value))
  }
  await publish(runner, [result], {
    comment: booleanInput(runner, 'comment') ?? true,
    checkRun: booleanInput(runner, 'check-run') ?? true,
  })
  return result
})
