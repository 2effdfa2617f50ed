import {describe, expect, test} from '@jest/globals'

import {CliError, ExitCode, UsageError} from '../../../src/base/errors.js'
import {
  compareIds,
  conversationId,
  isNumericId,
  maxId,
  otherParticipant,
  parseChatRef,
  parseUserRef,
  requireNumericId,
} from '../../../src/api/ids.js'
import {thrownBy} from '../../helpers/errors.js'

/** Assert that `fn` throws a UsageError (exit code 2) and return it. */
function usageErrorFrom(fn: () => unknown): UsageError {
  const caught = thrownBy(fn)
  expect(caught).toBeInstanceOf(UsageError)
  const error = caught as UsageError
  expect(error).toBeInstanceOf(CliError)
  expect(error.exitCode).toBe(ExitCode.usage)
  expect(error.exitCode).toBe(2)
  return error
}

describe('isNumericId', () => {
  test.each(['0', '7', '93645911', '118825642', '171234567890123456', '1234567890123456789'])('accepts %p', (id) => {
    expect(isNumericId(id)).toBe(true)
  })

  test.each(['', ' ', 'abc', '12a', '-1', '+1', '1.5', '1e9', ' 12', '12 ', '1+2', '０１２'])('rejects %p', (id) => {
    expect(isNumericId(id)).toBe(false)
  })

  test('requireNumericId returns the id or throws a UsageError naming the argument', () => {
    expect(requireNumericId('93645911', 'USER')).toBe('93645911')
    const error = usageErrorFrom(() => requireNumericId('bob', 'USER'))
    expect(error.message).toContain('USER')
    expect(error.message).toContain('"bob"')
  })
})

describe('compareIds', () => {
  // Pairs beyond 2^53 that Number() rounds to the same value.
  const closePairs: Array<[string, string]> = [
    ['123456789012345678', '123456789012345679'],
    ['171234567890123456', '171234567890123457'],
    ['9007199254740992', '9007199254740993'],
    ['1234567890123456788', '1234567890123456789'],
  ]

  test.each(closePairs)('orders %s < %s although Number() cannot tell them apart', (low, high) => {
    expect(Number(low)).toBe(Number(high))
    expect(compareIds(low, high)).toBeLessThan(0)
    expect(compareIds(high, low)).toBeGreaterThan(0)
    expect(compareIds(low, low)).toBe(0)
    expect(maxId(low, high)).toBe(high)
    expect(maxId(high, low)).toBe(high)
  })

  test('equal-length ids compare as numbers', () => {
    expect(compareIds('200000000000000000', '199999999999999999')).toBeGreaterThan(0)
    expect(compareIds('100000000000000001', '100000000000000010')).toBeLessThan(0)
    expect(compareIds('555', '555')).toBe(0)
  })

  test('ids of different lengths compare by value, not as strings', () => {
    // As strings, '9…' > '1…'; as numbers the longer one is larger.
    expect(compareIds('99999999999999999', '100000000000000000')).toBeLessThan(0)
    expect(compareIds('100000000000000000', '99999999999999999')).toBeGreaterThan(0)
    expect(compareIds('93645911', '118825642')).toBeLessThan(0)
    expect(compareIds('999999999999999999', '1000000000000000000')).toBeLessThan(0)
    expect(compareIds('9', '10')).toBeLessThan(0)
  })

  test('sorting with compareIds gives numeric order across lengths', () => {
    const ids = ['1000000000000000000', '999999999999999999', '93645911', '118825642', '123456789012345679', '123456789012345678']
    expect([...ids].sort(compareIds)).toEqual([
      '93645911',
      '118825642',
      '123456789012345678',
      '123456789012345679',
      '999999999999999999',
      '1000000000000000000',
    ])
  })
})

describe('conversationId', () => {
  test('sorts the pair numerically, where a string sort gets it wrong', () => {
    expect(['118825642', '93645911'].sort()).toEqual(['118825642', '93645911'])
    expect(conversationId('118825642', '93645911')).toBe('93645911+118825642')
    expect(conversationId('93645911', '118825642')).toBe('93645911+118825642')
  })

  test('works on ids beyond 2^53', () => {
    expect(conversationId('123456789012345679', '123456789012345678')).toBe('123456789012345678+123456789012345679')
  })

  test('otherParticipant picks the id that is not mine', () => {
    expect(otherParticipant('93645911+118825642', '93645911')).toBe('118825642')
    expect(otherParticipant('93645911+118825642', '118825642')).toBe('93645911')
  })

  test('otherParticipant refuses a chat id that does not hold my id', () => {
    expect(usageErrorFrom(() => otherParticipant('93645911+118825642', '1')).message).toContain('not one of yours')
  })
})

describe('parseChatRef', () => {
  test('accepts a compound id in either order and normalises it', () => {
    expect(parseChatRef('93645911+118825642')).toEqual({conversationId: '93645911+118825642'})
    expect(parseChatRef('118825642+93645911')).toEqual({conversationId: '93645911+118825642'})
  })

  test('accepts a lone user id', () => {
    expect(parseChatRef('118825642')).toEqual({otherUserId: '118825642'})
  })

  test('accepts @Name, trimmed', () => {
    expect(parseChatRef('@Bob')).toEqual({name: 'Bob'})
    expect(parseChatRef('@ Bob Smith ')).toEqual({name: 'Bob Smith'})
  })

  test.each(['@', '@  '])('rejects an empty name %p', (value) => {
    usageErrorFrom(() => parseChatRef(value))
  })

  test.each(['1+', '+1', 'a+b', '1+2+3', '', 'abc', '1 + 2', '12x'])('rejects %p with a UsageError (exit 2)', (value) => {
    const error = usageErrorFrom(() => parseChatRef(value))
    expect(error.message).toContain('CHAT')
  })
})

describe('parseUserRef', () => {
  test('a numeric id or @Name', () => {
    expect(parseUserRef('93645911')).toEqual({otherUserId: '93645911'})
    expect(parseUserRef('@Alice')).toEqual({name: 'Alice'})
  })

  test('the compound chat id that chats list prints, normalised', () => {
    expect(parseUserRef('118825642+93645911')).toEqual({conversationId: '93645911+118825642'})
  })

  test('anything else is a UsageError naming the argument', () => {
    expect(usageErrorFrom(() => parseUserRef('alice', 'RECIPIENT')).message).toContain('RECIPIENT')
    expect(usageErrorFrom(() => parseUserRef('93645911+x')).message).toContain('USER')
    expect(usageErrorFrom(() => parseUserRef('@', 'RECIPIENT')).message).toContain('RECIPIENT')
  })
})

describe('ids typed by the user are written as the service writes them', () => {
  test.each(['056366372', '00', '0118825642'])('a leading zero is refused, not read as another id: %p', (value) => {
    expect(usageErrorFrom(() => parseUserRef(value)).message).toContain('leading zeros')
    expect(usageErrorFrom(() => requireNumericId(value, '--before-id')).message).toContain('--before-id')
  })

  test('user 0 is no user', () => {
    expect(usageErrorFrom(() => parseUserRef('0')).message).toContain('0')
    usageErrorFrom(() => parseChatRef('0+93645911'))
  })

  test('a compound id with a leading zero in either part is refused', () => {
    expect(usageErrorFrom(() => parseChatRef('056366372+93645911')).message).toContain('leading zeros')
    expect(usageErrorFrom(() => parseChatRef('93645911+056366372')).message).toContain('leading zeros')
  })

  test('a compound id of one user twice is refused', () => {
    usageErrorFrom(() => parseChatRef('93645911+93645911'))
  })

  test('0 stays a valid cursor (before, since or after the first message)', () => {
    expect(requireNumericId('0', '--since-id')).toBe('0')
  })
})
