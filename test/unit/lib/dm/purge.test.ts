import {describe, expect, test} from '@jest/globals'

import type {GroupMeClient, Message} from '../../../../src/api/client.js'
import {AuthError, NotFoundError, ServerError, UsageError} from '../../../../src/core/errors.js'
import {classify, deleteMessages, isMine, parseMatch, type PurgeFilter, selectMessages} from '../../../../src/lib/dm/purge.js'

const ME = '93645911'
const OTHER = '118825642'

const message = (fields: Partial<Message> & {id: string}): Message => ({created_at: 1_700_000_000, text: 'hello', sender_id: ME, sender_type: 'user', ...fields})

describe('--match', () => {
  test('a regular expression, optionally case-insensitive', () => {
    expect(parseMatch('^draft').test('draft: x')).toBe(true)
    expect(parseMatch('^draft').test('Draft: x')).toBe(false)
    expect(parseMatch('^draft', true).test('Draft: x')).toBe(true)
  })

  test.each(['(', '[a-', '*x', 'a{2,1}'])('%p is exit 2', (value) => {
    expect(() => parseMatch(value)).toThrow(UsageError)
  })
})

describe('selection', () => {
  const filter: PurgeFilter = {myUserId: ME}

  test('only my messages, never the other user\'s nor system messages', () => {
    expect(isMine(message({id: '1'}), ME)).toBe(true)
    expect(isMine(message({id: '1', sender_id: OTHER}), ME)).toBe(false)
    expect(isMine(message({id: '1', sender_id: undefined, user_id: ME}), ME)).toBe(true)
    expect(isMine(message({id: '1', sender_type: 'system'}), ME)).toBe(false)
    expect(classify(message({id: '1', sender_id: OTHER}), filter)).toBeUndefined()
  })

  test('--before is strictly older', () => {
    const before = {...filter, beforeSeconds: 1_700_000_100}
    expect(classify(message({id: '1', created_at: 1_700_000_099}), before)).toBe('delete')
    expect(classify(message({id: '1', created_at: 1_700_000_100}), before)).toBeUndefined()
  })

  test('--match tests the text; a null text is empty', () => {
    const match = {...filter, match: /secret/}
    expect(classify(message({id: '1', text: 'my secret'}), match)).toBe('delete')
    expect(classify(message({id: '1', text: 'public'}), match)).toBeUndefined()
    expect(classify(message({id: '1', text: null}), match)).toBeUndefined()
  })

  test('already deleted: gone (skipped), except with --match, whose text is no longer there', () => {
    const tombstone = message({id: '1', deleted_at: 1_700_000_500, text: 'This message was deleted'})
    expect(classify(tombstone, filter)).toBe('gone')
    expect(classify(tombstone, {...filter, match: /deleted/})).toBeUndefined()
  })

  test('walks the whole history', async () => {
    const history = [
      message({id: '5', sender_id: OTHER}),
      message({id: '4'}),
      message({id: '3', deleted_at: 1}),
      message({id: '2'}),
      message({id: '1', sender_id: OTHER}),
    ]
    const client = {
      async listMessages(query: {beforeId?: string; limit?: number}) {
        const older = history.filter((item) => query.beforeId === undefined || item.id < query.beforeId)
        // Two a page, to walk several pages.
        return {direct_messages: older.slice(0, 2)}
      },
    } as unknown as GroupMeClient
    const selection = await selectMessages(client, OTHER, filter)
    expect(selection.pending.map((item) => item.id)).toEqual(['4', '2'])
    expect(selection.alreadyDeleted).toBe(1)
  })
})

describe('deletion loop', () => {
  const pending = ['1', '2', '3', '4'].map((id) => message({id}))

  function client(outcomes: Record<string, Error | undefined>) {
    const deleted: string[] = []
    const fake = {
      async deleteMessage(conversation: string, id: string) {
        expect(conversation).toBe(`${ME}+${OTHER}`)
        const outcome = outcomes[id]
        if (outcome) throw outcome
        deleted.push(id)
        return {kind: 'deleted'}
      },
    } as unknown as GroupMeClient
    return {fake, deleted}
  }

  test('counts deleted, skipped (404: gone already, and earlier tombstones) and failed, and reports each failure', async () => {
    const {fake, deleted} = client({'2': new NotFoundError('404'), '3': new ServerError('500 after 5 attempts')})
    const failures: string[] = []
    const progress: string[] = []
    const summary = await deleteMessages(fake, `${ME}+${OTHER}`, {pending, alreadyDeleted: 2}, {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
      onFailure: (failed, error) => failures.push(`${failed.id}: ${error.message}`),
    })
    expect(summary).toEqual({matched: 6, deleted: 2, skipped: 3, failed: 1})
    expect(deleted).toEqual(['1', '4'])
    expect(failures).toEqual(['3: 500 after 5 attempts'])
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4'])
  })

  test('a 401 stops the run', async () => {
    const {fake} = client({'2': new AuthError('401')})
    await expect(deleteMessages(fake, `${ME}+${OTHER}`, {pending, alreadyDeleted: 0})).rejects.toBeInstanceOf(AuthError)
  })

  test('nothing to do', async () => {
    const {fake} = client({})
    expect(await deleteMessages(fake, `${ME}+${OTHER}`, {pending: [], alreadyDeleted: 0})).toEqual({matched: 0, deleted: 0, skipped: 0, failed: 0})
  })
})
