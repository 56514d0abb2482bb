import {
  ConfigError,
  buildModelCard,
  datasetsFromInputs,
  fromPolicy,
  modelCardConfigFromInputs,
  withPolicyFile,
  writeModelCard,
} from '@mlgate/gates'
import {
  actionInputs,
  booleanInput,
  deliverModelCard,
  publish,
  readCardResults,
  runAction,
  runLineage,
} from '@mlgate/github'

await runAction(async (runner) => {
  const read = await withPolicyFile(actionInputs(runner), 'card')
  const config = fromPolicy(read, modelCardConfigFromInputs)
  const model = read.text('model')
  if (model == null) throw new ConfigError('Input "model" is required unless `config` sets it.')
  const card = await buildModelCard({
    results: await readCardResults(runner),
    config,
    model: { path: model },
    datasets: datasetsFromInputs(read),
    lineage: runLineage(),
  })
  // A card without evidence is not written, let alone committed.
  const files = card.result.status === 'error' ? undefined : await writeModelCard(card, config.out)
  await deliverModelCard(runner, { card, ...(files ? { files } : {}) })
  await publish(runner, [card.result], {
    comment: booleanInput(runner, 'comment') ?? true,
    checkRun: booleanInput(runner, 'check-run') ?? true,
    // The card itself is the model-card artifact; its verdict is in the summary and check run.
    artifact: false,
  })
  return card.result
})
