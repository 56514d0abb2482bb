import type { Column } from '@mlgate/data'
import type { ModelInfo, ModelOutputs } from '@mlgate/onnx'
import { ConfigError } from '../errors.ts'

/** A model's outputs on some rows: a `Scored`, or one chunk's share of it. */
type Outputs = { readonly info: ModelInfo; readonly predictions: ModelOutputs }

/** The model output whose drift is checked, as a column named `prediction`, and what it is. */
export type PredictionColumn = { readonly column: Column; readonly score: string }

/**
 * What prediction drift compares (statistics.md: "the same measures on the model's scores"):
 * binary classifiers, the probability of the positive class (given, else the second class, as
 * scikit-learn orders them); regressors, the predicted value; multiclass models and models that
 * return labels only, the predicted label as a category.
 */
export function predictionColumn(scored: Outputs, positive: string | undefined): PredictionColumn {
  const p = scored.predictions
  const classes = scored.info.classes ?? p.classes
  if (scored.info.task === 'regression') {
    if (p.scores == null) {
      throw new ConfigError(`${scored.info.path} has no numeric output to compare as a prediction.`)
    }
    return { column: numberColumn(p.scores), score: 'predicted value' }
  }
  if (scored.info.task === 'binary' && p.probabilities && classes && classes.length === 2) {
    const index =
      positive === undefined
        ? 1
        : classes.findIndex((c) => String(c) === positive || Number(c) === Number(positive))
    if (index < 0) {
      throw new ConfigError(
        `Positive class "${positive}" is not among the classes of ${scored.info.path} (${classes.join(', ')}).`,
      )
    }
    const values = new Float64Array(p.rowCount)
    for (let i = 0; i < p.rowCount; i++) values[i] = p.probabilities[i * 2 + index] ?? NaN
    return { column: numberColumn(values), score: `P(${String(classes[index])})` }
  }
  return { column: labelColumn(scored), score: 'predicted label' }
}

// --- internal ---

function numberColumn(values: Float64Array): Column {
  let nulls = 0
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) nulls++
  return { name: 'prediction', type: 'number', values, missing: null, nullCount: nulls }
}

/** Predicted labels (or the most probable class) dictionary-encoded as a text column. */
function labelColumn(scored: Outputs): Column {
  const p = scored.predictions
  const classes = scored.info.classes ?? p.classes ?? []
  const texts: string[] = []
  if (p.labels) for (const l of p.labels) texts.push(String(l))
  else if (p.probabilities && classes.length > 0) {
    const k = classes.length
    for (let i = 0; i < p.rowCount; i++) {
      let best = 0
      for (let j = 1; j < k; j++)
        if (p.probabilities[i * k + j]! > p.probabilities[i * k + best]!) best = j
      texts.push(String(classes[best]))
    }
  } else throw new ConfigError(`${scored.info.path} returned neither labels nor probabilities.`)
  const dictionary: string[] = []
  const index = new Map<string, number>()
  const codes = new Int32Array(texts.length)
  texts.forEach((t, i) => {
    let code = index.get(t)
    if (code === undefined) {
      code = dictionary.length
      index.set(t, code)
      dictionary.push(t)
    }
    codes[i] = code
  })
  return { name: 'prediction', type: 'string', codes, dictionary, nullCount: 0 }
}
