import {
  fromPolicy,
  withPolicyFile,
  fairnessConfigFromInputs,
  runFairnessGate,
} from '@mlgate/gates'
import { actionInputs, booleanInput, publish, runAction, writeReportFile } from '@mlgate/github'

await runAction(async (runner) => {
  const config = fromPolicy(
    await withPolicyFile(actionInputs(runner), 'fairness'),
    fairnessConfigFromInputs,
  )
  const result = await runFairnessGate(config)
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
