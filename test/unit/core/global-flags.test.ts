import {describe, expect, test} from '@jest/globals'
import {readGlobalFlags} from '../../../src/core/global-flags.js'

describe('readGlobalFlags: --json and --debug, read once from the words as typed', () => {
  const jqTakesValue = (word: string) => word === '--jq' || word === '-q'

  test.each([
    [['chats', 'list'], {json: false, debug: false}],
    [['chats', 'list', '--json'], {json: true, debug: false}],
    [['chats', 'list', '--json=id,text'], {json: true, debug: false}],
    [['chats', 'list', '--jsonl'], {json: false, debug: false}],
    [['chats', 'list', '--debug', '--json'], {json: true, debug: true}],
    // `--` ends the flags: what follows is an argument, whatever it looks like.
    [['dm', 'send', '@x', '--', '--json'], {json: false, debug: false}],
    [['dm', 'send', '@x', '--', '--debug', '--json'], {json: false, debug: false}],
    [['dm', 'send', '@x', '--debug', '--', '--json'], {json: false, debug: true}],
  ])('%j → %j', (argv, expected) => {
    expect(readGlobalFlags(argv)).toEqual(expected)
  })

  test('the word after a flag that takes a value is that value, not a flag', () => {
    expect(readGlobalFlags(['chats', 'list', '--jq', '--json'], jqTakesValue)).toEqual({json: false, debug: false})
    expect(readGlobalFlags(['chats', 'list', '-q', '--debug'], jqTakesValue)).toEqual({json: false, debug: false})
    expect(readGlobalFlags(['chats', 'list', '--jq=.id', '--json'], jqTakesValue)).toEqual({json: true, debug: false})
    // Where -q is --quiet (a boolean), the next word is read as usual.
    expect(readGlobalFlags(['dm', 'send', '@x', 'hi', '-q', '--json'])).toEqual({json: true, debug: false})
  })
})
