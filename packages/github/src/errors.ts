/** A user mistake in the step's `with:` inputs; the message says which input and how to fix it. */
export class InputError extends Error {
  override name = 'InputError'
}
