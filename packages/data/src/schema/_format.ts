/** Number formats for violation texts, the same in every report. */

/**
 * Made on first use: a number format loads ICU's locale data, 20–30 ms of every process's start
 * when made as the module loads, and most runs format no count.
 */
let grouped: Intl.NumberFormat | undefined

/** A count with thousands separators: 1,234,567. */
export function count(n: number): string {
  grouped ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
  return grouped.format(n)
}

/** A share as a percentage with three significant digits: 35.2%, 1.05%, 0.0333%; 0% and 100% exact. */
export function share(x: number): string {
  if (x === 0 || x === 1) return `${x * 100}%`
  return `${Number((x * 100).toPrecision(3))}%`
}

/** A value from the data for a message: numbers as JS writes them, texts quoted and cut at 60 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
}
