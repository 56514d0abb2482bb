import { StatsInputError } from './errors.ts'

/** Throws unless every label is 0 or 1, naming the first offending row. */
export function checkBinaryLabels(y: Uint8Array, where: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!
    if (v > 1) {
      throw new StatsInputError(
        `${where}: y[${i}] is ${v}; binary labels must be 1 (positive class) or 0 (negative). ` +
          'Map the label column to 0/1 with the positive class as 1.',
      )
    }
  }
}

/** Throws on the first NaN, naming its row: a model that emits NaN has a bug to report. */
export function checkNoNaN(values: Float64Array, name: string, where: string): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      throw new StatsInputError(
        `${where}: ${name}[${i}] is NaN. Every row needs a number; check the model output or ` +
          'drop rows with missing predictions before computing metrics.',
      )
    }
  }
}

/** Throws on the first NaN or ±Infinity, naming its row (regression sums cannot absorb them). */
export function checkFinite(values: Float64Array, name: string, where: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) {
      throw new StatsInputError(
        `${where}: ${name}[${i}] is ${v}. Every row needs a finite number; check the model output ` +
          'or drop rows with missing values before computing metrics.',
      )
    }
  }
}

/** Throws unless the arrays have the same number of rows. */
export function checkSameLength(where: string, ...arrays: [string, { length: number }][]): void {
  const [firstName, first] = arrays[0]!
  for (const [name, array] of arrays) {
    if (array.length !== first.length) {
      throw new StatsInputError(
        `${where}: ${name} has ${array.length} rows but ${firstName} has ${first.length}; ` +
          'they must describe the same rows in the same order.',
      )
    }
  }
}

/** The first row whose value is outside [0, 1] (or ±Infinity), or -1 when all are probabilities. */
export function firstNonProbability(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!(v >= 0 && v <= 1)) return i
  }
  return -1
}
