/** A model that cannot be read, bound to the data, or run; the message says which and how to fix it. */
export class ModelError extends Error {
  override name = 'ModelError'
}
