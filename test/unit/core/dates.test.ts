import {describe, expect, test} from '@jest/globals'
import {inRange, parseDate} from '../../../src/core/dates.js'
import {UsageError} from '../../../src/base/errors.js'

const seconds = (value: string) => parseDate(value, '--before').ms / 1000

describe('parseDate (--since, --until, --before)', () => {
  test('a date alone is midnight local time; a time without a zone is local', () => {
    expect(seconds('2024-05-01')).toBe(new Date(2024, 4, 1).getTime() / 1000)
    expect(seconds('2024-05-01T18:30')).toBe(new Date(2024, 4, 1, 18, 30).getTime() / 1000)
    expect(seconds('2024-02-29')).toBe(new Date(2024, 1, 29).getTime() / 1000)
  })

  test.each([
    ['2026-10-01T09:30:15Z', '2026-10-01T09:30:15.000Z'],
    ['2026-10-01T09:30:15.250+02:00', '2026-10-01T07:30:15.250Z'],
    ['2026-10-01T09:30:15-0530', '2026-10-01T15:00:15.000Z'],
    ['2024-05-01 18:30:00.250-0130', '2024-05-01T20:00:00.250Z'],
  ])('%s with a zone is %s', (input, iso) => {
    expect(parseDate(input, '--since').iso).toBe(iso)
  })

  test.each([
    'yesterday', '2026-02-30', '2023-02-29', '2024-04-31', '2026-13-01', '2026-10-01T24:00', '2024-05-01T12:60',
    '2026-10-01Z', '1790845200', '05/01/2024', '2024-5-1', '2026-10-01T09:00+25:00', '',
  ])('%j is a usage error naming the flag', (input) => {
    expect(() => parseDate(input, '--since')).toThrow(UsageError)
    expect(() => parseDate(input, '--since')).toThrow(/--since/)
  })

  test('since is inclusive and until exclusive', () => {
    const since = parseDate('2026-10-01T00:00:00Z', '--since')
    const until = parseDate('2026-10-02T00:00:00Z', '--until')
    const at = (iso: string) => Date.parse(iso) / 1000
    expect(inRange(at('2026-10-01T00:00:00Z'), since, until)).toBe(true)
    expect(inRange(at('2026-09-30T23:59:59Z'), since, until)).toBe(false)
    expect(inRange(at('2026-10-01T23:59:59Z'), since, until)).toBe(true)
    expect(inRange(at('2026-10-02T00:00:00Z'), since, until)).toBe(false)
  })
})
