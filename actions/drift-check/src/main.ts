import {
  fromPolicy,
  withPolicyFile,
  driftConfigFromInputs,
  driftedFeatures,
  runDriftGate,
} from '@mlgate/gates'
import {
  actionInputs,
  booleanInput,
  cachedDriftProfile,
  publish,
  runAction,
  trackDriftFromInputs,
  writeReportFile,
} from '@mlgate/github'

await runAction(async (runner) => {
  const config = fromPolicy(
    await withPolicyFile(actionInputs(runner), 'drift'),
    driftConfigFromInputs,
  )
  const cached = await cachedDriftProfile(runner, config)
  const result = await runDriftGate(cached.config)
  await cached.save()
  // Outputs first, so `if: always()` steps can read them even when publishing fails.
  await writeReportFile(runner, result, 'mlgate-drift.json')
  const drifted = driftedFeatures(result)
  runner.output('drifted', String(result.status === 'fail'))
  runner.output('drifted-features', drifted.join(','))
  runner.output('drift-share', String(result.metrics['drift_share'] ?? ''))
  // The tracking issue before the report: on a schedule it is what people are notified by.
  await trackDriftFromInputs(runner, result, drifted)
  await publish(runner, [result], {
    comment: booleanInput(runner, 'comment') ?? true,
    checkRun: booleanInput(runner, 'check-run') ?? true,
  })
  return result
})
