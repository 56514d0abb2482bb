/**
 * How inference turns an observed range into bounds a person would keep. The observed minimum
 * and maximum are moved apart by `WIDEN` of the observed range on each side (never across zero:
 * a quantity that was never negative stays >= 0), then rounded outward to two significant
 * digits of the widened range (whole numbers at least, for integers). 0.56 to 2,213.26 becomes
 * 0 to 2,500; -12.31 to 7.94 becomes -15 to 10.
 */
export const WIDEN = 0.1

export function niceRange(
  lo: number,
  hi: number,
  integer: boolean,
): { readonly min: number; readonly max: number } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: lo, max: hi }
  const span = hi - lo
  const pad = span > 0 ? span * WIDEN : Math.abs(lo) * WIDEN || 1
  let a = lo - pad
  let b = hi + pad
  if (lo >= 0 && a < 0) a = 0
  if (hi <= 0 && b > 0) b = 0
  let exponent = Math.floor(Math.log10(b - a)) - 1
  if (integer && exponent < 0) exponent = 0
  const step = 10 ** exponent
  // The tolerance keeps 0.3 / 0.1 = 2.9999999999999996 from rounding a bound one step further out.
  const min = Math.floor(a / step + 1e-9) * step
  const max = Math.ceil(b / step - 1e-9) * step
  return { min: tidy(min, exponent), max: tidy(max, exponent) }
}

/**
 * The allowance inference writes for a share observed in the reference (missing cells, unseen
 * categories): none when none was seen, else the observed share plus half of it, at least one
 * percentage point more, rounded up to a whole percent. 1% observed allows 2%; 30% allows 45%.
 */
export function shareAllowance(observed: number): number {
  if (observed <= 0) return 0
  const padded = observed + Math.max(0.01, observed / 2)
  return Math.min(1, Math.ceil(padded * 100 - 1e-9) / 100)
}

// --- internal ---

/** Drops the binary noise of step arithmetic (0.30000000000000004 → 0.3). */
function tidy(x: number, exponent: number): number {
  const value = exponent >= 0 ? Math.round(x) : Number(x.toFixed(-exponent))
  return value === 0 ? 0 : value
}
