import {Writable} from 'node:stream'

import {describe, expect, test} from '@jest/globals'

import type {GroupMeApi, Message} from '../../../../../src/api/api.js'
import {AuthError, NetworkError, NotFoundError, ServerError} from '../../../../../src/base/errors.js'
import {reconciledRecord} from '../../../../../src/lib/dm/watch/typed-events.js'
import {systemClock} from '../../../../../src/base/clock.js'
import {parseJsonLossless} from '../../../../../src/base/json.js'
import {parseDuration} from '../../../../../src/core/durations.js'
import {eventLine, messageLine, watchPrinter} from '../../../../../src/lib/dm/watch/output.js'
import {toWatchState} from '../../../../../src/lib/dm/state-files.js'

const names = {meId: '93645911', nameOf: (id: string) => (id === '118825642' ? 'Alice Example' : undefined)}
const message = (fields: Partial<Message>): Message => ({id: '1', created_at: 0, text: 'hi', name: 'Alice Example', sender_id: '118825642', recipient_id: '93645911', ...fields})

describe('dm watch parts', () => {
  test('durations: units, decimals, and refusals', () => {
    expect(parseDuration('5m', '--reconcile')).toBe(300_000)
    expect(parseDuration('90s', '--poll')).toBe(90_000)
    expect(parseDuration('250ms', '--poll')).toBe(250)
    expect(parseDuration('1.5h', '--poll')).toBe(5_400_000)
    for (const bad of ['0', '90', '-1s', 'soon', '5 minutes', '']) expect(() => parseDuration(bad, '--poll')).toThrow('--poll must be a duration')
    expect(() => parseDuration('8d', '--poll', {maxMs: 7 * 86_400_000})).toThrow('--poll must be a duration of at most 7 days')
    expect(parseDuration('0', '--dedupe-window', {zero: true})).toBe(0)
  })

  test('a terminal line: one line, no control characters, mine marked with the other user', () => {
    const line = messageLine(message({name: 'Mallory\u001b[2J', text: 'two\nlines\u202e', attachments: [{type: 'image'}]}), names)
    expect(line).toMatch(/ {2}Mallory: two\\nlines {2}\[image\]$/)
    expect(messageLine(message({sender_id: '93645911', recipient_id: '118825642'}), names)).toMatch(/ {2}you → Alice Example: hi$/)
    expect(messageLine(message({deleted_at: 5, text: 'This message was deleted'}), names)).toMatch(/: \[deleted\] This message was deleted$/)
    expect(messageLine(message({sender_type: 'system', name: 'GroupMe', attachments: [{type: 'image'}, {type: 'location'}]}), names)).toMatch(
      / {2}\[system\] GroupMe: hi {2}\[image, location\]$/,
    )
    expect(messageLine(message({attachments: []}), names)).toMatch(/: hi$/)
  })

  test('--jsonl writes a big integer the service sent as a bare number back as that number, every digit kept', async () => {
    const text = '{"id":"1","created_at":0,"text":"hi","name":"Alice Example","sender_id":"118825642","recipient_id":"93645911","pinned_at":174700000000000123}'
    let written = ''
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString()
        done()
      },
    })
    const printer = watchPrinter('jsonl', names, {stdout, flushed: async () => {}}, systemClock)
    await printer.messages([parseJsonLossless(text) as Message])
    expect(written).toBe(text + '\n')
  })

  test('an event line names the event, the chat and the message', () => {
    expect(eventLine({event: 'favorite', received_at: 0, conversation_id: '93645911+118825642', subject: {line: {id: '42'}}}, names, 0)).toMatch(/ {2}\* favorite \(Alice Example\) 42$/)
    expect(eventLine({event: 'x\u001b]0;t\u0007'}, names, 0)).toMatch(/\* x$/)
  })

  test("a typed event's line ends with what its message shows now: the reactions given, or none once taken off", () => {
    const message = {id: '42', conversation_id: '93645911+118825642', sender_id: '118825642', text: 'hi', attachments: [], favorited_by: []}
    const reacted = {...message, favorited_by: ['93645911'], reactions: [{type: 'unicode', code: '🔥', user_ids: ['93645911']}]}
    const record = {event: 'reaction', received_at: 0, conversation_id: '93645911+118825642', message_id: '42'}
    expect(eventLine({...record, message: reacted}, names, 0)).toMatch(/\* reaction \(Alice Example\) 42 {2}\[🔥 1\]$/)
    expect(eventLine({...record, message}, names, 0)).toMatch(/\* reaction \(Alice Example\) 42 {2}\[no reactions\]$/)
    expect(eventLine({...record, event: 'pin', message: {...message, pinned_at: 1}}, names, 0)).toMatch(/\* pin \(Alice Example\) 42 {2}\[pinned\]$/)
  })

  test('state files: only a dm watch state is accepted', () => {
    const state = {version: 1, command: 'dm watch', last_message_ids: {'118825642': '17'}, watermark: 5, updated_at: 'now'}
    expect(toWatchState(state)).toEqual(state)
    expect(toWatchState({...state, command: undefined})).toBeUndefined()
    expect(toWatchState({version: 1, other_user_id: '1', last_message_id: null})).toBeUndefined()
    expect(toWatchState({...state, last_message_ids: {'118825642': 17}})).toBeUndefined()
    expect(toWatchState({...state, last_message_ids: {alice: '17'}})).toBeUndefined()
  })
})

describe('a typed event with its message as REST has it now', () => {
  const action = {event: 'pin' as const, conversationId: '93645911+118825642', messageId: '179084538000000001'}
  /** A client whose message look-up fails with `error`; nothing else is asked of it. */
  const failingWith = (error: Error) => ({listMessages: () => Promise.reject(error)}) as unknown as GroupMeApi

  test('a look-up that fails leaves the message out, and the event is printed', async () => {
    for (const error of [new NotFoundError('gone'), new ServerError('busy'), new NetworkError('down')]) {
      await expect(reconciledRecord(failingWith(error), action, '118825642')).resolves.toEqual({event: 'pin', conversation_id: action.conversationId, message_id: action.messageId})
    }
  })

  test('a refused token ends the watch instead of being taken for a missing message', async () => {
    const refused = new AuthError('401')
    await expect(reconciledRecord(failingWith(refused), action, '118825642')).rejects.toBe(refused)
  })
})
