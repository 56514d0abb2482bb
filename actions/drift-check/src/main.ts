import {
  driftConfigFromInputs,
  driftedFeatures,
  driftProgress,
  fromPolicy,
  progressLines,
  runDriftGate,
  withPolicyFile,
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
  // Long scoring says how far it is in the job's log every few seconds.
  const progress = driftProgress((label, unit) =>
    progressLines((line) => runner.info(line), label, unit),
  )
  const result = await runDriftGate(cached.config, { onProgress: progress.onProgress }).finally(
    progress.end,
  )
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
