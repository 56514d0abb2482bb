/**
 * Thrown when the data handed to a statistic cannot be used as given (a label that is not 0/1, a
 * NaN score, arrays of different lengths, an option out of range). Callers report it as a user
 * error; anything else thrown from this package is a bug.
 */
export class StatsInputError extends Error {
  override name = 'StatsInputError'
}
