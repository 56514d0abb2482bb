import { fromPolicy, withPolicyFile, runSchemaGate, schemaConfigFromInputs } from '@mlgate/gates'
import { actionInputs, booleanInput, publish, runAction, writeReportFile } from '@mlgate/github'

await runAction(async (runner) => {
  const config = fromPolicy(await withPolicyFile(actionInputs(runner), 'schema'), (read) =>
    schemaConfigFromInputs(read),
  )
  const result = await runSchemaGate(config)
  // Outputs first, so `if: always()` steps can read them even when publishing fails.
  await writeReportFile(runner, result, 'mlgate-schema.json')
  runner.output('passed', String(result.status === 'pass' || result.status === 'warn'))
  runner.output('violations', String(result.metrics['violations'] ?? 0))
  runner.output('rows', String(result.metrics['rows'] ?? 0))
  await publish(runner, [result], {
    comment: booleanInput(runner, 'comment') ?? true,
    checkRun: booleanInput(runner, 'check-run') ?? true,
  })
  return result
})
