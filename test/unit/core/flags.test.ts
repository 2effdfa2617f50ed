import {describe, expect, test} from '@jest/globals'
import * as Flags from '@oclif/core/flags'

import {UsageError} from '../../../src/base/errors.js'
import {checkFlagValues, isRefused, refuseDash, refusedFlag} from '../../../src/core/flags.js'
import {thrownBy} from '../../helpers/errors.js'

const definitions = {
  match: Flags.string(),
  out: refuseDash(Flags.string(), 'give a file'),
  limit: Flags.integer(),
  yes: Flags.boolean(),
  json: refusedFlag(Flags.boolean({description: 'Print JSON.'}), 'it prints a shell script'),
}

function refusal(tokens: Array<{flag: string; input: string}>): UsageError {
  const caught = thrownBy(() => checkFlagValues(tokens, definitions))
  expect(caught).toBeInstanceOf(UsageError)
  return caught as UsageError
}

describe('checkFlagValues: what oclif lets through', () => {
  test('an empty value for any flag that takes one is refused, naming the flag', () => {
    expect(refusal([{flag: 'match', input: ''}]).message).toBe('--match needs a value, and got an empty one (an unset variable?)')
    expect(refusal([{flag: 'limit', input: '5'}, {flag: 'out', input: ''}]).message).toContain('--out')
  })

  test('white space is a value: --match " " matches a space', () => {
    expect(() => checkFlagValues([{flag: 'match', input: ' '}], definitions)).not.toThrow()
  })

  test('boolean flags take no value and are left alone', () => {
    expect(() => checkFlagValues([{flag: 'yes', input: '--yes'}], definitions)).not.toThrow()
  })

  test('- is refused for a flag marked so, saying what to give instead', () => {
    const {message} = refusal([{flag: 'out', input: '-'}])
    expect(message).toContain('--out -')
    expect(message).toContain('give a file')
    expect(message).toContain('./-')
  })

  test('- stays a value where it is no path (a pattern, an unmarked flag)', () => {
    expect(() => checkFlagValues([{flag: 'match', input: '-'}, {flag: 'out', input: './-'}], definitions)).not.toThrow()
  })
})

describe('refusedFlag: a flag the command cannot honour', () => {
  test('typed, it is refused saying why', () => {
    expect(refusal([{flag: 'yes', input: '--yes'}, {flag: 'json', input: '--json'}]).message).toBe('--json does not apply: it prints a shell script')
  })

  test('a hidden copy: the flag it was made from is neither hidden nor refused', () => {
    const json = Flags.boolean({description: 'Print JSON.'})
    const refused = refusedFlag(json, 'why')
    expect({hidden: refused.hidden, refused: isRefused(refused)}).toEqual({hidden: true, refused: true})
    expect({hidden: json.hidden, refused: isRefused(json)}).toEqual({hidden: undefined, refused: false})
    expect(isRefused(undefined)).toBe(false)
  })
})
