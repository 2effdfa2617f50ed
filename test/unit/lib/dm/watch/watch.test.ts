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
