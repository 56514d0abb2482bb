/**
 * Numbers from the bytes of a cell, exactly as `Number(text)` would give them.
 *
 * The fast path reads a plain decimal (`-12`, `3.25`, `.5`) as an integer mantissa divided by a
 * power of ten. While the mantissa is below 2^53 it is exact, and every power of ten up to 10^22
 * is a double, so IEEE division rounds the exact quotient once: the same correctly rounded
 * double `Number()` returns (Clinger, "How to read floating point numbers accurately", PLDI
 * 1990, the "fast path"). Anything else (exponents, longer mantissas, a leading '+', `inf`,
 * surrounding spaces) goes through `Number()` on the decoded text.
 */

/** 10^0 ... 10^22: the powers of ten that are exactly representable as doubles. */
export const POW10 = new Float64Array(23).map((_, i) => 10 ** i)

/** Filled by `scanDecimal`: where the decimal ended and whether its value is exact. */
export type DecimalScan = { end: number; exact: boolean }

/**
 * Reads `[-]digits[.digits]` starting at `start` and returns its value, stopping at the first
 * byte that does not belong. `scan.end` is that byte's index; `scan.exact` says the value is
 * the one `Number()` gives for the consumed text: at least one digit, a mantissa below 2^53
 * (it only grows, so a final value below 2^53 was never rounded) and at most 22 fraction
 * digits. The caller checks that the decimal is followed by the end of the cell.
 *
 * The CSV row loop has its own fast path for up to eight digits on each side of the point, read a
 * word at a time (_digit-run.ts); cells it does not take come here.
 */
export function scanDecimal(bytes: Uint8Array, start: number, scan: DecimalScan): number {
  let p = start
  const negative = bytes[p] === 45
  if (negative) p++
  const first = p
  let mantissa = 0
  let d = (bytes[p] as number) - 48
  while (d >= 0 && d <= 9) {
    mantissa = mantissa * 10 + d
    d = (bytes[++p] as number) - 48
  }
  let fraction = 0
  let digits = p - first
  if (d === -2) {
    const point = ++p
    d = (bytes[p] as number) - 48
    while (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d
      d = (bytes[++p] as number) - 48
    }
    fraction = p - point
    digits += fraction
  }
  scan.end = p
  scan.exact = digits > 0 && mantissa <= Number.MAX_SAFE_INTEGER && fraction < POW10.length
  const value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] as number)
  return negative ? -value : value
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i

/**
 * The number a cell's text stands for, or undefined when it is not a number. Accepts decimals
 * with an optional exponent, surrounding spaces, and `inf`/`infinity`/`nan` in any case with an
 * optional sign (the spellings pandas, NumPy and R write). Hex, octal, binary and `_` separators
 * are text, even where `Number()` would accept them.
 */
export function numberFromText(text: string): number | undefined {
  const t = text.trim()
  if (DECIMAL.test(t)) return Number(t)
  const special = SPECIAL.exec(t)
  if (special == null) return undefined
  if ((special[2] as string).toLowerCase() === 'nan') return NaN
  return special[1] === '-' ? -Infinity : Infinity
}

const utf8 = new TextDecoder()

/**
 * The number in `bytes[start, end)`, or undefined when the cell is not a number: the fast path
 * when it covers the whole cell, `numberFromText` otherwise.
 */
export function numberFromBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  scan: DecimalScan,
): number | undefined {
  const value = scanDecimal(bytes, start, scan)
  if (scan.exact && scan.end === end) return value
  return numberFromText(utf8.decode(bytes.subarray(start, end)))
}
