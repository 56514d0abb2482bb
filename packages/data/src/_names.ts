/** How many names an error message lists before it says "and N more". */
const LISTED = 20

/** `"a", "b", "c"` for error messages, cut after the first few. */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return '(none)'
  const shown = names.slice(0, LISTED).map((name) => JSON.stringify(name))
  const rest = names.length - LISTED
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ')
}
