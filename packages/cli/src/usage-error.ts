/** A mistake on the command line: reported with the usage line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
