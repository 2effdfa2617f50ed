import {describe, expect, test} from '@jest/globals'

import {needsPlugins} from '../../src/boot.js'

describe('needsPlugins: which runs load oclif plugins (ES modules) through Node’s loader', () => {
  test.each([
    [[], true],
    [['--help'], true],
    [['-h'], true],
    [['help'], true],
    [['help', 'dm'], true],
    [['autocomplete'], false],
    [['completion', 'bash'], false],
    [['dm', 'list', '123'], false],
    [['dm', '--help'], false],
    [['chats:list'], false],
    [['nope'], false],
  ])('%j → %s', (argv, expected) => {
    expect(needsPlugins(argv)).toBe(expected)
  })
})
