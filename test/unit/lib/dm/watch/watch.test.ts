/**
 * `dm watch` in-process: the real watcher and client over the sandbox's in-process wire, on a
 * FakeClock, with push played by the test through the watcher's own PushListener. What a drop, a
 * lost event, an outage or the reconciliation does is shown by moving the clock, not by waiting.
 * What only a process shows (Ctrl-C, the exit code) stays in test/e2e/dm-watch.test.ts.
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import type {Message} from '../../../../../src/api/api.js'
import type {PushListener} from '../../../../../src/api/push/connection.js'
import type {EventRecord} from '../../../../../src/api/push/events.js'
import {AuthError} from '../../../../../src/base/errors.js'
import {watchChats, type WatchOptions} from '../../../../../src/lib/dm/watch/watch.js'
import {ALICE, BOB, CAROL, ME, seedStore} from '../../../../../src/sandbox/seed.js'
import type {DirectMessage} from '../../../../../src/sandbox/store.js'
import {SandboxStore} from '../../../../../src/sandbox/store.js'
import {IN_PROCESS_ORIGIN} from '../../../../../src/sandbox/wire.js'
import {FakeClock} from '../../../../helpers/clock.js'
import {waitFor} from '../../../../helpers/wait.js'
import {SandboxClient} from '../../../helpers/sandbox-client.js'

const RECONCILE_MS = 60_000
const POLL_MS = 10_000

/** A watch over the seeded sandbox, started and listening (its first listing done, push opened). */
async function watching(options: Partial<WatchOptions> = {}) {
  const clock = new FakeClock(Date.UTC(2026, 9, 20, 9))
  const store = new SandboxStore(ME, IN_PROCESS_ORIGIN, () => clock.now())
  seedStore(store)
  const client = new SandboxClient(store, {clock})
  const printed: Message[] = []
  const records: EventRecord[] = []
  const notes: string[] = []
  let listener: PushListener | undefined
  let failure: unknown
  void watchChats(
    {events: false, reconcileMs: RECONCILE_MS, pollMs: POLL_MS, ...options},
    {
      client,
      clock,
      critical: (work) => work(),
      printer: () => ({
        messages: async (batch) => {
          printed.push(...batch)
        },
        event: async (record) => {
          records.push(record)
        },
      }),
      openPush: async (_me, given) => {
        listener = given
        return {stop: () => {}}
      },
      note: (line) => notes.push(line),
    },
  ).catch((error: unknown) => {
    failure = error
  })
  await waitFor(() => listener !== undefined || failure !== undefined)
  if (failure) throw failure
  const push = listener!
  /** Listings of the chats begun so far: each starts at page 1. */
  const chatListings = () => client.requests.filter((request) => request.path === '/v3/chats' && new URLSearchParams(request.query).get('page') === '1').length
  return {clock, store, client, printed, records, notes, push, chatListings, failure: () => failure}
}

/** The DM event push sends for a message: a doorbell naming its chat and id (docs/push.md). */
function doorbell(message: Pick<DirectMessage, 'id' | 'conversation_id'>): unknown {
  return {type: 'direct_message.create', subject: {id: message.id, chat_id: message.conversation_id}}
}

const ids = (messages: ReadonlyArray<{id: string}>) => messages.map((message) => message.id)

describe('dm watch, in-process on a fake clock', () => {
  test('starts from now; a pushed message is printed once, however often its event comes', async () => {
    const watch = await watching()
    expect(watch.printed).toEqual([])
    const [message] = watch.store.addMessages(ALICE.id, 1)
    watch.push.event(doorbell(message))
    watch.push.event(doorbell(message))
    await waitFor(() => watch.printed.length > 0)
    await watch.clock.advance(RECONCILE_MS)
    expect(ids(watch.printed)).toEqual([message.id])
  })

  test('a lost event: the reconciliation finds the message, and only at its time', async () => {
    const watch = await watching()
    const [message] = watch.store.addMessages(BOB.id, 1)
    await watch.clock.advance(RECONCILE_MS - 1)
    expect(watch.printed).toEqual([])
    await watch.clock.advance(1)
    await waitFor(() => watch.printed.length > 0)
    expect(ids(watch.printed)).toEqual([message.id])
  })

  test('a drop: the catch-up after reconnecting prints what was sent meanwhile, each once, in order per chat', async () => {
    const watch = await watching()
    const sent = new Map([ALICE.id, BOB.id, CAROL.id].map((user) => [user, [] as string[]]))
    for (let round = 0; round < 50; round++) {
      for (const user of sent.keys()) sent.get(user)!.push(...ids(watch.store.addMessages(user, 1, {from: round % 4 === 0 ? 'me' : 'other'})))
    }

    watch.push.connected()
    await waitFor(() => watch.printed.length >= 150)
    // Late, doubled and reordered doorbells for messages already printed change nothing.
    const [first, second] = watch.store.messages(ALICE.id).slice(-2)
    for (const message of [second, first, second]) watch.push.event(doorbell(message))
    await watch.clock.advance(RECONCILE_MS)
    expect(watch.printed).toHaveLength(150)
    for (const [user, expected] of sent) {
      expect(ids(watch.printed.filter((message) => message.sender_id === user || message.recipient_id === user))).toEqual(expected)
    }
  })

  test('push down: one note, then a listing every --poll finds new messages; push back, the polling stops', async () => {
    const watch = await watching()
    watch.push.down()
    await waitFor(() => watch.notes.length > 0)
    expect(watch.notes).toEqual([expect.stringContaining('push service cannot be reached; checking for new messages every 10 s')])
    const [message] = watch.store.addMessages(CAROL.id, 1)
    await watch.clock.advance(POLL_MS)
    await waitFor(() => watch.printed.length > 0)
    expect(ids(watch.printed)).toEqual([message.id])

    watch.push.connected()
    await waitFor(() => watch.chatListings() >= 4)
    const listings = watch.chatListings()
    // Up to just before the next reconciliation (a minute from the start): not one listing more.
    await watch.clock.advance(RECONCILE_MS - POLL_MS - 1)
    expect(watch.chatListings()).toBe(listings)
    expect(watch.notes).toHaveLength(1)
  })

  test('replication lag: a pushed message REST does not have yet is looked for again a second later', async () => {
    const watch = await watching()
    const conversation = [ME.id, ALICE.id].join('+')
    const newest = watch.store.messages(ALICE.id).at(-1)!.id
    const coming = (BigInt(newest) + 1000n).toString()
    watch.push.event(doorbell({id: coming, conversation_id: conversation}))
    await waitFor(() => watch.client.requests.some((request) => request.path === '/v3/direct_messages'))
    expect(watch.printed).toEqual([])
    watch.store.insert({id: coming, senderId: ALICE.id, otherUserId: ALICE.id, text: 'late'})
    await watch.clock.advance(1000)
    await waitFor(() => watch.printed.length > 0)
    expect(ids(watch.printed)).toEqual([coming])
  })

  test('an outage of the service: a warning, a wait of 2 s on the clock, then the watch goes on', async () => {
    const watch = await watching()
    watch.client.inject({kind: 'status', status: 503, method: 'GET', path: '/v3/chats'})
    const [message] = watch.store.addMessages(BOB.id, 1)
    await watch.clock.advance(RECONCILE_MS)
    await waitFor(() => watch.notes.length > 0)
    expect(watch.notes[0]).toMatch(/^warning: GET \/v3\/chats: 503 .*; trying again in 2 s$/)
    expect(watch.printed).toEqual([])
    await watch.clock.advance(2000)
    await waitFor(() => watch.printed.length > 0)
    expect(ids(watch.printed)).toEqual([message.id])
  })

  test('a refused token on push ends the watch with its error', async () => {
    const watch = await watching()
    watch.push.failed(new AuthError('/meta/handshake: 401 Unauthorized'))
    await waitFor(() => watch.failure() !== undefined)
    expect(watch.failure()).toBeInstanceOf(AuthError)
  })

  test('--state: each message printed is recorded, so the next run starts after it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'groupme-watch-')), 'watch.json')
    const first = await watching({statePath: path})
    const [message] = first.store.addMessages(ALICE.id, 1)
    first.push.event(doorbell(message))
    await waitFor(() => first.printed.length > 0 && readFileSync(path, 'utf8').includes(message.id))
    const saved = JSON.parse(readFileSync(path, 'utf8')) as {last_message_ids: Record<string, string>}
    expect(saved.last_message_ids[ALICE.id]).toBe(message.id)
  })
})

describe('dm watch --events: typed events, read again over REST', () => {
  test('a favorite push is a reaction record carrying the message as REST has it now', async () => {
    const watch = await watching({events: true})
    const message = watch.store.messages(ALICE.id).find((candidate) => candidate.text === 'Sure, later tonight')!
    watch.store.react(message, ALICE.id, {type: 'unicode', code: '🔥'})
    // Push says ❤️ (it came late); REST has 🔥: the record says what is true now.
    watch.push.event({type: 'favorite', subject: {line: {id: message.id, chat_id: message.conversation_id}, reactions: [{type: 'unicode', code: '❤️', user_ids: [ALICE.id]}]}, received_at: 5})
    await waitFor(() => watch.records.length > 0)
    expect(watch.records).toEqual([
      expect.objectContaining({
        event: 'reaction',
        conversation_id: message.conversation_id,
        message_id: message.id,
        received_at: 5,
        message: expect.objectContaining({id: message.id, reactions: [{type: 'unicode', code: '🔥', pack_id: 0, pack_index: 0, user_ids: [ALICE.id]}]}),
      }),
    ])
  })

  test('a pin posts a system message: printed as a message, then a pin record with the pinned message', async () => {
    const watch = await watching({events: true})
    const message = watch.store.messages(ALICE.id).find((candidate) => candidate.text === 'Sure, later tonight')!
    watch.store.pin(watch.store.conversation(ALICE.id)!, message, ALICE.id)
    const system = watch.store.messages(ALICE.id).at(-1)!
    watch.push.event(doorbell(system))
    await waitFor(() => watch.records.length > 0)
    expect(ids(watch.printed)).toEqual([system.id])
    expect(watch.records).toEqual([
      {event: 'pin', conversation_id: message.conversation_id, message_id: message.id, message: expect.objectContaining({id: message.id, pinned_by: ALICE.id})},
    ])
  })

  test('a deletion pushed for a message is a deletion record; without --events nothing is printed for it', async () => {
    const quiet = await watching()
    const mine = quiet.store.messages(ALICE.id).find((candidate) => candidate.text === 'Draft: ignore this one')!
    quiet.store.deleteMessage(mine)
    quiet.push.event({type: 'message.deleted', subject: {message_id: mine.id, chat_id: mine.conversation_id}})
    await quiet.clock.advance(RECONCILE_MS)
    expect(quiet.records).toEqual([])

    const watch = await watching({events: true})
    const theirs = watch.store.messages(ALICE.id).find((candidate) => candidate.text === 'Draft: ignore this one')!
    watch.store.deleteMessage(theirs)
    watch.push.event({type: 'message.deleted', subject: {message_id: theirs.id, chat_id: theirs.conversation_id}})
    await waitFor(() => watch.records.length > 0)
    expect(watch.records).toEqual([
      expect.objectContaining({event: 'deletion', message_id: theirs.id, message: expect.objectContaining({deleted_at: theirs.deleted_at, text: 'This message was deleted'})}),
    ])
  })
})
