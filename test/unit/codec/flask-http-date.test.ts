/**
 * Werkzeug's HTTP dates, the ` d` tag's text (src/codec/flask/http-date.ts): every field of the
 * written form, the range Python's datetime has, and what the reader accepts and refuses.
 */
import { describe, expect, it } from 'vitest'
import { formatHttpDate, parseHttpDate } from '../../../src/codec/flask/index.js'
import { SessionValueError } from '../../../src/errors.js'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

describe('formatHttpDate', () => {
  it('writes weekday, zero-padded day, month, four-digit year and time, in UTC', () => {
    expect(formatHttpDate(new Date(Date.UTC(1994, 10, 6, 8, 49, 37)))).toBe(
      'Sun, 06 Nov 1994 08:49:37 GMT',
    )
    expect(formatHttpDate(new Date(Date.UTC(2026, 0, 1, 0, 0, 0)))).toBe(
      'Thu, 01 Jan 2026 00:00:00 GMT',
    )
    expect(formatHttpDate(new Date(Date.UTC(2031, 11, 31, 23, 59, 59)))).toBe(
      'Wed, 31 Dec 2031 23:59:59 GMT',
    )
  })

  it('names every month and every weekday as Werkzeug does', () => {
    for (let month = 0; month < 12; month++) {
      const text = formatHttpDate(new Date(Date.UTC(2026, month, 15, 12)))
      expect(text.slice(8, 11)).toBe(MONTHS[month])
    }
    for (let day = 0; day < 7; day++) {
      // 2026-11-01 is a Sunday.
      const date = new Date(Date.UTC(2026, 10, 1 + day, 12))
      expect(formatHttpDate(date).slice(0, 3)).toBe(DAYS[day])
    }
  })

  it('drops fractions of a second, rounding down like Python (before 1970 too)', () => {
    expect(formatHttpDate(new Date(Date.UTC(2026, 0, 1, 0, 0, 1) + 999))).toBe(
      'Thu, 01 Jan 2026 00:00:01 GMT',
    )
    expect(formatHttpDate(new Date(-1))).toBe('Wed, 31 Dec 1969 23:59:59 GMT')
  })

  it('pads a year below 1000 to four digits', () => {
    const date = new Date(Date.UTC(2000, 0, 1))
    date.setUTCFullYear(5)
    expect(formatHttpDate(date)).toMatch(/^\w{3}, 01 Jan 0005 00:00:00 GMT$/)
  })

  it('accepts years 1 to 9999 and refuses the rest, naming the path', () => {
    const at = (year: number): Date => {
      const date = new Date(Date.UTC(2000, 5, 15))
      date.setUTCFullYear(year)
      return date
    }
    expect(formatHttpDate(at(1))).toContain(' 0001 ')
    expect(formatHttpDate(at(9999))).toContain(' 9999 ')
    expect(() => formatHttpDate(at(0), 'session.when')).toThrow(SessionValueError)
    expect(() => formatHttpDate(at(0), 'session.when')).toThrow(/session\.when.*1 to 9999/)
    expect(() => formatHttpDate(at(10000))).toThrow(SessionValueError)
    expect(() => formatHttpDate(new Date(Number.NaN))).toThrow(SessionValueError)
    expect(() => formatHttpDate(at(0))).toThrow('Cannot store value: Python datetimes span')
  })

  it('round-trips through parseHttpDate', () => {
    for (const ms of [0, Date.UTC(1999, 1, 28, 1, 2, 3), Date.UTC(2038, 0, 19, 3, 14, 8)]) {
      expect(parseHttpDate(formatHttpDate(new Date(ms)))?.getTime()).toBe(ms)
    }
  })
})

describe('parseHttpDate', () => {
  const t = Date.UTC(1994, 10, 6, 8, 49, 37)

  it('reads the month in any case, with or without the weekday comma, around blanks', () => {
    expect(parseHttpDate('Sun, 06 nov 1994 08:49:37 GMT')?.getTime()).toBe(t)
    expect(parseHttpDate('Sun, 06 NOV 1994 08:49:37 GMT')?.getTime()).toBe(t)
    expect(parseHttpDate('Sun 06 Nov 1994 08:49:37 GMT')?.getTime()).toBe(t)
    expect(parseHttpDate('  Sun, 6 Nov 1994 8:49:37 GMT  ')?.getTime()).toBe(t)
  })

  it('reads every month name', () => {
    MONTHS.forEach((name, month) => {
      expect(parseHttpDate(`15 ${name} 2026 12:00:00 GMT`)?.getTime()).toBe(
        Date.UTC(2026, month, 15, 12),
      )
    })
  })

  it('takes UTC for GMT, UTC, UT, Z or no zone', () => {
    for (const zone of ['GMT', 'UTC', 'UT', 'Z', '']) {
      expect(parseHttpDate(`06 Nov 1994 08:49:37 ${zone}`)?.getTime()).toBe(t)
    }
  })

  it('applies a numeric offset, hours and minutes, either sign', () => {
    expect(parseHttpDate('06 Nov 1994 10:19:37 +0130')?.getTime()).toBe(t)
    expect(parseHttpDate('06 Nov 1994 07:19:37 -0130')?.getTime()).toBe(t)
    expect(parseHttpDate('06 Nov 1994 08:49:37 -0000')?.getTime()).toBe(t)
  })

  it('reads two-digit years as Python does: 69..99 are 19xx, 00..68 are 20xx', () => {
    expect(parseHttpDate('01 Jan 69 00:00:00 GMT')?.getUTCFullYear()).toBe(1969)
    expect(parseHttpDate('01 Jan 68 00:00:00 GMT')?.getUTCFullYear()).toBe(2068)
    expect(parseHttpDate('01 Jan 00 00:00:00 GMT')?.getUTCFullYear()).toBe(2000)
    expect(parseHttpDate('01 Jan 1968 00:00:00 GMT')?.getUTCFullYear()).toBe(1968)
  })

  it('refuses dates and times that do not exist', () => {
    for (const text of [
      '30 Feb 2026 00:00:00 GMT',
      '29 Feb 2026 00:00:00 GMT',
      '32 Jan 2026 00:00:00 GMT',
      '00 Jan 2026 00:00:00 GMT',
      '01 Jan 2026 24:00:00 GMT',
      '01 Jan 2026 23:60:00 GMT',
      '01 Jan 2026 23:59:60 GMT',
      '01 Jan 2026 10:60:00 GMT',
      '01 Jan 2026 10:59:60 GMT',
      '01 Jan 2026 00:99:99 GMT',
      '15 Foo 2026 10:00:00 GMT',
    ]) {
      expect(parseHttpDate(text), text).toBeNull()
    }
    expect(parseHttpDate('29 Feb 2028 00:00:00 GMT')?.getTime()).toBe(Date.UTC(2028, 1, 29))
    expect(parseHttpDate('01 Jan 2026 23:59:59 GMT')?.getTime()).toBe(
      Date.UTC(2026, 0, 1, 23, 59, 59),
    )
  })

  it('refuses other shapes: three-digit years, text around the date, other zones', () => {
    for (const text of [
      '06 Nov 994 08:49:37 GMT',
      'x 06 Nov 1994 08:49:37 GMT',
      '06 Nov 1994 08:49:37 GMT x',
      '06 Nov 1994 08:49:37 CET',
      '06 Nov 1994 08:49:37 +01',
      '06 November 1994 08:49:37 GMT',
      '06 Nov 1994T08:49:37 GMT',
    ]) {
      expect(parseHttpDate(text), text).toBeNull()
    }
  })
})
