import {describe, expect, test} from '@jest/globals'
import {parseJsonLossless, stringifyJson} from '../../../src/base/json.js'

describe('lossless JSON', () => {
  test('an integer past 2^53 keeps every digit, read as a string and written back as a bare number', () => {
    const text = '{"id":174700000000000123,"other_user":{"id":93645911},"favorited_by":[174700000000000999,"5"]}'
    const value = parseJsonLossless(text) as {id: unknown; other_user: {id: unknown}; favorited_by: unknown[]}
    expect(value.id).toBe('174700000000000123')
    expect(value.other_user.id).toBe(93645911)
    expect(value.favorited_by).toEqual(['174700000000000999', '5'])
    expect(stringifyJson(value)).toBe(text)
    expect(stringifyJson(value, 2)).toBe(JSON.stringify(JSON.parse(text.replaceAll(/(\d{16,})/g, '"$1"')), null, 2).replaceAll(/"(\d{16,})"/g, '$1'))
  })

  test('digits inside strings, fractions and exponents are left to JSON.parse', () => {
    const text = '{"text":"order 174700000000000123, \\"quoted\\" 99999999999999999","f":1.12345678901234567890,"e":1e-99999999999999999,"n":-99999999999999999999}'
    const value = parseJsonLossless(text) as Record<string, unknown>
    expect(value.text).toBe('order 174700000000000123, "quoted" 99999999999999999')
    expect(value.f).toBe(1.1234567890123457)
    expect(value.e).toBe(0)
    expect(value.n).toBe('-99999999999999999999')
    expect(stringifyJson(value)).toContain('"n":-99999999999999999999')
  })

  test('a string of digits stays a string when printed', () => {
    const value = parseJsonLossless('{"id":"174700000000000123"}')
    expect(stringifyJson(value)).toBe('{"id":"174700000000000123"}')
  })

  test('invalid JSON still throws', () => {
    expect(() => parseJsonLossless('{"id": 174700000000000123')).toThrow()
    expect(() => parseJsonLossless('')).toThrow()
  })
})
