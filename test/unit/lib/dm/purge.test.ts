import {describe, expect, test} from '@jest/globals'

import type {Message} from '../../../../src/api/api.js'
import {AuthError, UsageError} from '../../../../src/base/errors.js'
import {SandboxStore} from '../../../../src/sandbox/store.js'
import {SandboxClient} from '../../helpers/sandbox-client.js'
import {isMine} from '../../../../src/lib/dm/message.js'
import {classify, deleteMessages, type PurgeFilter, selectMessages} from '../../../../src/lib/dm/purge.js'
import {parsePattern, PatternMatcher} from '../../../../src/lib/dm/matcher.js'

const ME = '93645911'
const OTHER = '118825642'

const message = (fields: Partial<Message> & {id: string}): Message => ({created_at: 1_700_000_000, text: 'hello', sender_id: ME, sender_type: 'user', ...fields})

describe('--match', () => {
  test('a regular expression, optionally case-insensitive, tested in a worker', async () => {
    const matcher = new PatternMatcher(parsePattern('^draft'))
    const caseless = new PatternMatcher(parsePattern('^draft', true))
    try {
      expect(await matcher.test(['draft: x', 'Draft: x', 'a draft'])).toEqual([true, false, false])
      expect(await caseless.test(['draft: x', 'Draft: x'])).toEqual([true, true])
      expect(await matcher.test([])).toEqual([])
    } finally {
      await matcher.close()
      await caseless.close()
    }
  })

  test.each(['(', '[a-', '*x', 'a{2,1}'])('%p is exit 2', (value) => {
    expect(() => parsePattern(value)).toThrow(UsageError)
  })

  test('a pattern that backtracks without end is stopped after the budget, exit 2, and the process stays free', async () => {
    const matcher = new PatternMatcher(parsePattern('(a+)+$'), 300)
    // Without the worker this blocks the thread for minutes (issue 10: 161 s, SIGTERM ignored).
    let ticks = 0
    const ticker = setInterval(() => ticks++, 20)
    try {
      const error = await matcher.test(['a'.repeat(40) + '!']).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UsageError)
      expect((error as UsageError).message).toContain('--match took more than 0.3 s')
      // The main thread kept running while the worker backtracked.
      expect(ticks).toBeGreaterThan(0)
    } finally {
      clearInterval(ticker)
      await matcher.close()
    }
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

  test('--match tests the text; a null text is empty', async () => {
    const store = conversationStore()
    for (const [id, text] of [['3', 'my secret'], ['2', 'public'], ['1', null]] as const) {
      store.insert({id, senderId: ME, otherUserId: OTHER, createdAt: 1_700_000_000, text})
    }

    const client = new SandboxClient(store)
    const selection = await selectMessages(client, OTHER, {...filter, match: parsePattern('secret|^$')})
    expect(selection.pending.map((item) => item.id)).toEqual(['3', '1'])
  })

  test('already deleted: gone (skipped), except with --match, whose text is no longer there', () => {
    const tombstone = message({id: '1', deleted_at: 1_700_000_500, text: 'This message was deleted'})
    expect(classify(tombstone, filter)).toBe('gone')
    expect(classify(tombstone, {...filter, match: parsePattern('deleted')})).toBeUndefined()
  })

  test('walks the whole history', async () => {
    const store = conversationStore()
    const add = (id: string, senderId: string, extra = {}) => store.insert({id, senderId, otherUserId: OTHER, createdAt: 1_700_000_000, text: 'hello', extra})
    add('1', OTHER)
    add('2', ME)
    add('3', ME, {deleted_at: 1})
    add('4', ME)
    add('5', OTHER)
    // Two a page, to walk several pages.
    const api = new SandboxClient(store, {reshapePage: (page) => page.slice(0, 2)})
    const selection = await selectMessages(api, OTHER, filter)
    expect(selection.pending.map((item) => item.id)).toEqual(['4', '2'])
    expect(selection.alreadyDeleted).toBe(1)
    expect(api.queries.length).toBeGreaterThan(2)
  })
})

describe('deletion loop', () => {
  const conversation = `${ME}+${OTHER}`

  /** Messages 1 to 4 of mine, and a fault for some of their DELETEs. */
  function client(faults: Record<string, number>) {
    const store = conversationStore()
    const pending = ['1', '2', '3', '4'].map((id) => message({...store.insert({id, senderId: ME, otherUserId: OTHER, text: 'hello'})}))
    const api = new SandboxClient(store)
    for (const [id, status] of Object.entries(faults)) api.inject({kind: 'status', method: 'DELETE', path: `/v3/conversations/${conversation}/messages/${id}`, status})
    const deleted = () => store.messages(OTHER).filter((item) => item.deleted_at !== undefined).map((item) => item.id)
    return {api, pending, deleted}
  }

  test('counts deleted, skipped (404: gone already, and earlier tombstones) and failed, and reports each failure', async () => {
    const {api, pending, deleted} = client({'2': 404, '3': 500})
    const failures: string[] = []
    const progress: string[] = []
    const summary = await deleteMessages(api, conversation, {pending, alreadyDeleted: 2}, {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
      onFailure: (failed, error) => failures.push(`${failed.id}: ${error.message}`),
    })
    expect(summary).toEqual({matched: 6, deleted: 2, skipped: 3, failed: 1})
    expect(deleted()).toEqual(['1', '4'])
    expect(failures).toEqual([expect.stringMatching(/^3: DELETE .*: 500/)])
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4'])
  })

  test('a 401 stops the run', async () => {
    const {api, pending} = client({'2': 401})
    await expect(deleteMessages(api, conversation, {pending, alreadyDeleted: 0})).rejects.toBeInstanceOf(AuthError)
  })

  test('nothing to do', async () => {
    const {api} = client({})
    expect(await deleteMessages(api, conversation, {pending: [], alreadyDeleted: 0})).toEqual({matched: 0, deleted: 0, skipped: 0, failed: 0})
  })
})

/** A sandbox store in which I am ME and can talk to OTHER. */
function conversationStore(): SandboxStore {
  const store = new SandboxStore({id: ME, name: 'Me', avatar_url: null}, 'http://sandbox.invalid')
  store.addUser({id: OTHER, name: 'Other', avatar_url: null})
  return store
}
