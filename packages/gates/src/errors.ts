/** A mistake in what the user asked for (a flag, an input, the policy file), as opposed to a bug. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}
