import {describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'

import {parseBayeuxError} from '../../../../src/api/push/connection.js'
import {readPushEvent, restShape} from '../../../../src/api/push/events.js'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/push/${name}`, import.meta.url), 'utf8')) as unknown

describe('push events', () => {
  test('a DM (docs/push.md fixture) names its chat and message; the chat id is in numeric order', () => {
    expect(readPushEvent(fixture('communitydocs_push_direct_message_create.json'))).toEqual({
      kind: 'message',
      conversationId: '93645911+131245991',
      messageId: '175140957719383985',
    })
  })

  test('a system DM (a pin) is a DM like any other', () => {
    expect(readPushEvent(fixture('communitydocs_push_direct_message_create_system_pinned.json'))).toMatchObject({kind: 'message', messageId: '175140976659243172'})
  })

  test('a DM event that does not say where is still a DM (the watch then looks everywhere)', () => {
    expect(readPushEvent({type: 'direct_message.create', subject: {id: 'x'}})).toEqual({kind: 'message', conversationId: undefined, messageId: undefined})
  })

  test('pings and group messages are quiet; anything else is a record, whatever its shape', () => {
    expect(readPushEvent({type: 'ping'})).toEqual({kind: 'quiet'})
    expect(readPushEvent({type: 'line.create', subject: {group_id: '1'}})).toEqual({kind: 'quiet'})
    expect(readPushEvent('hello')).toEqual({kind: 'event', record: {event: 'unknown', data: 'hello'}})
    expect(readPushEvent(null)).toEqual({kind: 'event', record: {event: 'unknown', data: null}})
    expect(readPushEvent({type: 'typing', user_id: '1', started: 5})).toEqual({kind: 'event', record: {event: 'typing', user_id: '1', started: 5}})
  })

  test('a favorite names the DM of its line; chat_id becomes conversation_id, thread ids with _ included', () => {
    const notice = readPushEvent({type: 'favorite', received_at: 7, subject: {line: {id: '1', chat_id: '131245991_93645911'}, reactions: []}})
    expect(notice).toEqual({
      kind: 'event',
      record: {event: 'favorite', received_at: 7, conversation_id: '93645911+131245991', subject: {line: {id: '1', conversation_id: '93645911+131245991'}, reactions: []}},
    })
  })

  test('restShape leaves a group chat_id and other values alone', () => {
    expect(restShape({chat_id: '12345', text: 'x'})).toEqual({chat_id: '12345', text: 'x'})
    expect(restShape([1])).toEqual([1])
  })

  test('Bayeux errors: code and text', () => {
    expect(parseBayeuxError('401::Unauthorized')).toEqual({code: 401, text: 'Unauthorized'})
    expect(parseBayeuxError('401:abc:Unknown client')).toEqual({code: 401, text: 'Unknown client'})
    expect(parseBayeuxError('weird')).toEqual({text: 'weird'})
    expect(parseBayeuxError(undefined)).toEqual({text: ''})
  })
})
