/**
 * HTTP dates as Werkzeug writes (`http_date`) and reads (`parse_date`) them, for Flask's
 * ` d` (datetime) tag.
 *
 * ```ts
 * import { parseHttpDate } from 'tessera-session/codec/flask'
 * ```
 *
 * @module
 */
import { SessionValueError } from '../../errors.js'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const

/** Werkzeug's `http_date`: UTC, whole seconds (fractions dropped, as Python drops microseconds). */
export function formatHttpDate(date: Date, path = 'value'): string {
  const ms = date.getTime()
  const d = new Date(Math.floor(ms / 1000) * 1000)
  const year = d.getUTCFullYear()
  if (!Number.isFinite(ms) || year < 1 || year > 9999) {
    throw new SessionValueError(`Cannot store ${path}: Python datetimes span years 1 to 9999.`)
  }
  const two = (n: number): string => String(n).padStart(2, '0')
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${String(year).padStart(4, '0')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:` +
    `${two(d.getUTCSeconds())} GMT`
  )
}

const DATE =
  /^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+(GMT|UTC?|Z|[+-]\d{4}))?\s*$/

/**
 * Read an RFC 5322 date as Werkzeug's `parse_date` does for the forms Flask writes (and the
 * common variants: optional weekday and seconds, two-digit years, a numeric offset). Anything
 * else is `null`, as Werkzeug returns `None` for what it cannot parse.
 *
 * > [!NOTE]
 * > Like Python's `email.utils`, any year below 100 is read as a two-digit year (`0099` → 1999,
 * > `0042` → 2042), so Flask itself cannot round-trip datetimes before year 100; neither can we.
 */
export function parseHttpDate(text: string): Date | null {
  const m = DATE.exec(text)
  if (!m) return null
  const [, day, mon, yearText, hh, mm, ss, zone] = m
  const month = MONTHS.findIndex((name) => name.toLowerCase() === mon!.toLowerCase())
  let year = Number(yearText)
  // Python's email.utils reads any year below 100 as two-digit, even "0099": so does Flask.
  if (year < 100) year += year > 68 ? 1900 : 2000
  const parts = [year, month, Number(day), Number(hh), Number(mm), Number(ss ?? 0)] as const
  const utc = new Date(0)
  utc.setUTCFullYear(parts[0], parts[1], parts[2])
  utc.setUTCHours(parts[3], parts[4], parts[5], 0)
  // An unknown month is -1. A day past the month's end or an hour past 23 moves the date, so the
  // day read back differs; minutes and seconds past 59 may stay within the day.
  if (month < 0 || utc.getUTCDate() !== parts[2] || parts[4] > 59 || parts[5] > 59) return null
  let offsetMinutes = 0
  if (zone !== undefined && zone.length === 5) {
    // ±hhmm
    const sign = zone.startsWith('-') ? -1 : 1
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)))
  }
  return new Date(utc.getTime() - offsetMinutes * 60_000)
}
