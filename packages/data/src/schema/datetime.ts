/**
 * ISO 8601 calendar dates and date-times, the forms data files and JSON write
 * (`2024-01-31`, `2024-01-31T12:30`, `2024-01-31 12:30:05.250Z`, `...+02:00`), as epoch
 * milliseconds. A date-time without an offset is read as UTC so that a file means the same on
 * every machine. Anything else (week dates, ordinal dates, `Jan 31`, out-of-range fields such as
 * month 13 or 31 April) is not a datetime: NaN.
 */
export function parseDatetime(text: string): number {
  const m = ISO.exec(text)
  if (m == null) return NaN
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = m[4] == null ? 0 : Number(m[4])
  const minute = m[5] == null ? 0 : Number(m[5])
  const second = m[6] == null ? 0 : Number(m[6])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN
  if (hour > 23 || minute > 59 || second > 59) return NaN
  // Fractions beyond milliseconds are cut: a JS date has millisecond resolution.
  const ms = m[7] == null ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'))
  let offset = 0
  const zone = m[8]
  if (zone != null && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1
    const oh = Number(zone.slice(1, 3))
    const om = zone.length > 3 ? Number(zone.slice(-2)) : 0
    if (oh > 23 || om > 59) return NaN
    offset = sign * (oh * 60 + om) * 60_000
  }
  const date = new Date(0)
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, ms)
  return date.getTime() - offset
}

/** Epoch milliseconds as ISO 8601 text: a date when the time is midnight UTC, else a date-time. */
export function formatDatetime(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z')
}

// --- internal ---

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
