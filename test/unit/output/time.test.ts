import {describe, expect, test} from '@jest/globals'

import {timeFormat} from '../../../src/output/time.js'

// A fixed clock: 2026-10-20 12:00:00 UTC.
const NOW = Date.UTC(2026, 9, 20, 12, 0, 0)
const seconds = (ms: number) => ms / 1000
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

describe('on a terminal: relative, as gh says it, for 30 days', () => {
  const relative = timeFormat({style: 'relative', now: NOW, timeZone: 'Europe/Berlin'})

  test.each([
    [0, 'less than a minute ago'],
    [59_000, 'less than a minute ago'],
    [MINUTE, 'about 1 minute ago'],
    [59 * MINUTE, 'about 59 minutes ago'],
    [HOUR, 'about 1 hour ago'],
    [2 * HOUR + 30 * MINUTE, 'about 2 hours ago'],
    [DAY, 'about 1 day ago'],
    [29 * DAY, 'about 29 days ago'],
    // A clock running behind the service's.
    [-5 * MINUTE, 'less than a minute ago'],
  ])('%p ms ago reads %p', (ago, text) => {
    expect(relative(seconds(NOW - ago))).toBe(text)
  })

  test('older than 30 days: the date and time with the zone offset (summer and winter time)', () => {
    expect(relative(seconds(Date.UTC(2026, 6, 1, 7, 45)))).toBe('2026-07-01 09:45 +02:00')
    expect(relative(seconds(Date.UTC(2026, 0, 15, 8, 5)))).toBe('2026-01-15 09:05 +01:00')
  })
})

describe('in a pipe: ISO 8601 with the offset', () => {
  test.each([
    ['UTC', '2026-10-20T11:58:20+00:00'],
    ['Asia/Kolkata', '2026-10-20T17:28:20+05:30'],
    ['America/New_York', '2026-10-20T07:58:20-04:00'],
  ])('in %s', (timeZone, text) => {
    expect(timeFormat({style: 'iso', now: NOW, timeZone})(seconds(NOW - 100_000))).toBe(text)
  })

  test('recent times are absolute too: a pipe is read later, by a program', () => {
    expect(timeFormat({style: 'iso', now: NOW, timeZone: 'UTC'})(seconds(NOW))).toBe('2026-10-20T12:00:00+00:00')
  })

  test('across a change of offset (New York, 1 November 2026)', () => {
    const iso = timeFormat({style: 'iso', now: NOW, timeZone: 'America/New_York'})
    expect(iso(seconds(Date.UTC(2026, 10, 1, 5, 59, 59)))).toBe('2026-11-01T01:59:59-04:00')
    expect(iso(seconds(Date.UTC(2026, 10, 1, 6, 0, 0)))).toBe('2026-11-01T01:00:00-05:00')
  })

  test('a TZ that Intl does not know is left to the process: still an offset', () => {
    expect(timeFormat({style: 'iso', now: NOW, timeZone: 'Not/AZone'})(seconds(NOW))).toMatch(/^2026-10-2\dT\d\d:\d\d:00[+-]\d\d:\d\d$/)
  })

  test.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY])('%p is an empty cell', (value) => {
    expect(timeFormat({style: 'iso', now: NOW})(value)).toBe('')
    expect(timeFormat({style: 'relative', now: NOW})(value)).toBe('')
  })
})
