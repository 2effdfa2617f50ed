import {describe, expect, jest, test} from '@jest/globals'
import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ALICE, BOB, CAROL, ME, type Sandbox} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {waitFor} from '../helpers/wait.js'
import {runCli} from './helpers/cli.js'
import {listedChats, subscribed, type WatchedMessage, WatchProcess} from './helpers/watch.js'

const PARTNERS = [ALICE.id, BOB.id, CAROL.id]
/** The sandbox answers an idle connect after this long (its advised timeout). */
const PUSH_TIMEOUT_SECONDS = 0.25
/** Short cadences: a reconciliation every second. */
const FAST = ['--reconcile', '1s', '--poll', '1s']

const sandboxWith = sandboxPerTest()
const newSandbox = () => sandboxWith({pushTimeoutSeconds: PUSH_TIMEOUT_SECONDS})

/** Listings of the chats the sandbox has seen begin (each starts at page 1). */
function listings(target: Sandbox): number {
  return target.requests.filter((request) => request.path === '/v3/chats' && new URLSearchParams(request.query).get('page') === '1').length
}

/**
 * Two more listings begun: the watch works one round at a time, so whatever the first of them
 * found has been printed. No message is left for a later reconciliation to print twice.
 */
async function reconciled(target: Sandbox): Promise<void> {
  const seen = listings(target)
  await waitFor(() => listings(target) >= seen + 2)
}

/**
 * 1,000 messages across three chats, in 50 rounds of 20 (a quarter of them sent by me), with
 * `fault(round)` called after each round; each round waits for the watch to have asked the
 * sandbox something since it began (an event or the reconciliation, within a second), so that
 * faults land all through the watch's work. Returns the ids that arrived, by chat.
 */
async function storm(target: Sandbox, fault: (round: number) => Promise<void> | void): Promise<Map<string, string[]>> {
  const sent = new Map<string, string[]>(PARTNERS.map((user) => [user, []]))
  let n = 0
  for (let round = 0; round < 50; round++) {
    const asked = target.requests.length
    for (let i = 0; i < 20; i++, n++) {
      const user = PARTNERS[n % 3]
      const [message] = target.store.addMessages(user, 1, {from: n % 4 === 0 ? 'me' : 'other', text: () => `storm ${n}`})
      sent.get(user)!.push(message.id)
    }

    await fault(round)
    await waitFor(() => target.requests.length > asked)
  }

  return sent
}

/** Push trouble of every kind: 20 drops, 2 silences, lost, doubled, swapped and batched events. */
async function pushTrouble(target: Sandbox, round: number): Promise<void> {
  const {faults} = target.push
  if (round % 2 === 1 && round < 40) faults.dropConnections()
  if (round % 5 === 0) faults.loseNext(3)
  if (round % 7 === 0) faults.duplicateNext(2)
  if (round % 6 === 0) faults.reorderNext(2)
  if (round % 8 === 0) faults.batchNext(6)
  if (round === 12 || round === 42) {
    // Until the watchdog has replaced the silent client (no drop comes to the rescue meanwhile).
    const subscribes = target.push.subscribes
    faults.silence()
    await waitFor(() => target.push.subscribes > subscribes)
  }
}

function expectExactlyOnceInOrder(printed: WatchedMessage[], sent: Map<string, string[]>): void {
  const ids = printed.map((message) => message.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids.length).toBe(1000)
  for (const [user, expected] of sent) {
    const conversation = [ME.id, user].sort((a, b) => Number(a) - Number(b)).join('+')
    expect(printed.filter((message) => message.conversation_id === conversation).map((message) => message.id)).toEqual(expected)
  }
}

jest.setTimeout(120_000)

describe('dm watch', () => {
  test('1,000 messages across three chats through 20 drops, 2 silences and lost events: each printed once, in order (long-polling)', async () => {
    const target = await newSandbox()
    const watcher = new WatchProcess([...FAST, '--debug', '--push-transport', 'long-polling'], {sandbox: target})
    await watcher.waitFor(() => subscribed(target))
    const sent = await storm(target, (round) => pushTrouble(target, round))
    await watcher.waitFor(() => watcher.messages().length >= 1000)
    await reconciled(target)
    const result = await watcher.stop()
    expect(result.code).toBe(130)
    expectExactlyOnceInOrder(watcher.messages(), sent)
  })

  test('a connection gone silent is noticed and replaced: a message sent meanwhile is printed without waiting for --reconcile', async () => {
    const target = await newSandbox()
    const watcher = new WatchProcess(['--reconcile', '1h'], {sandbox: target})
    await watcher.waitFor(() => subscribed(target))
    target.push.faults.silence()
    const [message] = target.store.addMessages(ALICE.id, 1)
    await watcher.waitFor(() => watcher.messages().length === 1)
    expect((await watcher.stop()).code).toBe(130)
    expect(watcher.messages()[0].id).toBe(message.id)
  })

  test('the same with --state and three restarts (websocket): each message printed once across the runs', async () => {
    const target = await newSandbox()
    const state = join(mkdtempSync(join(tmpdir(), 'groupme-watch-e2e-')), 'watch.json')
    const start = () => new WatchProcess([...FAST, '--state', state, '--push-transport', 'websocket'], {sandbox: target})
    const runs: WatchProcess[] = [start()]
    await runs[0].waitFor(() => subscribed(target))
    /** Subscriptions before the last restart: the new watch is listening once there are more. */
    let restartedAt: number | undefined
    const sent = await storm(target, async (round) => {
      // A round of messages arrives while the new watch starts; it is listening before the next stop.
      if (restartedAt !== undefined) await runs.at(-1)!.waitFor(() => subscribed(target, restartedAt! + 1))
      restartedAt = undefined
      await pushTrouble(target, round)
      if (round === 10 || round === 25 || round === 40) {
        const result = await runs.at(-1)!.stop(round === 25 ? 'SIGTERM' : 'SIGINT')
        expect(result.code).toBe(130)
        restartedAt = target.push.subscribes
        runs.push(start())
      }
    })
    const printed = () => runs.flatMap((run) => run.messages())
    await runs.at(-1)!.waitFor(() => printed().length >= 1000, 40_000)
    await reconciled(target)
    expect((await runs.at(-1)!.stop()).code).toBe(130)
    expectExactlyOnceInOrder(printed(), sent)
    const saved = JSON.parse(readFileSync(state, 'utf8')) as {last_message_ids: Record<string, string>}
    for (const [user, ids] of sent) expect(saved.last_message_ids[user]).toBe(ids.at(-1))
  })

  test('a 401 on the push handshake is exit 3 with the usual message', async () => {
    const target = await newSandbox()
    target.push.faults.refuseHandshakes(1)
    const result = await runCli(['dm', 'watch', ...FAST], {sandbox: target})
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('/meta/handshake: 401')
    // The advice names where the token came from (GROUPME_TOKEN here), as for a 401 from the API.
    expect(result.stderr).toContain('GROUPME_TOKEN was refused; unset it')
    expect(result.stdout).toBe('')
  })

  test('--events: a like is a typed reaction record, unknown event types pass through as records; messages keep the REST shape', async () => {
    const target = await newSandbox()
    const watcher = new WatchProcess([...FAST, '--events'], {sandbox: target})
    await watcher.waitFor(() => subscribed(target)) // the catch-up after subscribing: push is up
    const [message] = target.store.addMessages(ALICE.id, 1, {text: () => 'like me'})
    await watcher.waitFor(() => watcher.messages().length === 1)
    target.push.favorite(message, [{type: 'unicode', code: '❤️', user_ids: [ALICE.id]}])
    target.push.publish({type: 'poll.created', subject: {chat_id: `${ALICE.id}+${ME.id}`, poll: {id: '1'}}, received_at: 1})
    target.push.publish({type: 'line.create', subject: {group_id: '1'}})
    target.push.publish({type: 'mystery'})
    await watcher.waitFor(() => watcher.records().length === 4)
    // DM events naming a chat that is not mine, or nothing at all: looked into, never a crash.
    target.push.publish({type: 'direct_message.create', subject: {chat_id: '1+2', id: '5'}})
    target.push.publish({type: 'direct_message.create', subject: 'garbage'})
    const [later] = target.store.addMessages(ALICE.id, 1)
    await watcher.waitFor(() => watcher.records().length === 5)
    const result = await watcher.stop()
    expect(result.code).toBe(130)
    const [printed, favorite, poll, mystery, last] = watcher.records()
    expect(last).toMatchObject({id: later.id})
    expect(printed).toEqual({...message})
    expect(printed).not.toHaveProperty('chat_id')
    // A like is a typed `reaction` record, with the message read again over REST (docs/actions.md).
    expect(favorite).toMatchObject({event: 'reaction', conversation_id: message.conversation_id, message_id: message.id, message: {id: message.id}, subject: {line: {id: message.id, conversation_id: message.conversation_id}}})
    expect(poll).toMatchObject({event: 'poll.created', conversation_id: message.conversation_id, received_at: 1, subject: {poll: {id: '1'}}})
    expect(mystery).toEqual({event: 'mystery'})
  })

  test('--exec runs once per message with its JSON on stdin; a failing hook is reported and the watch goes on', async () => {
    const target = await newSandbox()
    const dir = mkdtempSync(join(tmpdir(), 'groupme-watch-exec-'))
    const log = join(dir, 'hook.jsonl')
    const watcher = new WatchProcess([...FAST, '--exec', `cat >> '${log}'; exit 3`], {sandbox: target})
    await watcher.waitFor(() => subscribed(target))
    const sent = target.store.addMessages(BOB.id, 3).map((message) => message.id)
    await watcher.waitFor(() => watcher.messages().length === 3)
    // The third hook has run (Ctrl-C waits for one that is running, and for its note).
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').trim().split('\n').length === 3)
    const result = await watcher.stop()
    const hooked = readFileSync(log, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)
    expect(hooked).toEqual(sent)
    expect(result.stderr.match(/--exec exited with status 3/g)).toHaveLength(3)
    expect(result.code).toBe(130)
  })

  test('USER arguments limit the watch to those chats', async () => {
    const target = await newSandbox()
    const watcher = new WatchProcess([...FAST, '@alice', `${CAROL.id}+${ME.id}`], {sandbox: target})
    await watcher.waitFor(() => subscribed(target))
    target.store.addMessages(BOB.id, 2)
    const wanted = [...target.store.addMessages(ALICE.id, 2), ...target.store.addMessages(CAROL.id, 1)].map((message) => message.id)
    await watcher.waitFor(() => watcher.messages().length >= 3)
    await reconciled(target)
    await watcher.stop()
    expect(watcher.messages().map((message) => message.id).sort()).toEqual(wanted.sort())
  })

  test('push unreachable: says so once on stderr and keeps printing by polling', async () => {
    const target = await newSandbox()
    const watcher = new WatchProcess([...FAST, '--give-up', '1s'], {sandbox: target, env: {GROUPME_PUSH_URL: 'http://127.0.0.1:9/faye'}})
    await watcher.waitFor(() => listedChats(target))
    const sent = target.store.addMessages(ALICE.id, 2).map((message) => message.id)
    await watcher.waitFor(() => watcher.messages().length === 2, 15_000)
    // Two more polls: still one note.
    await reconciled(target)
    const result = await watcher.stop()
    expect(watcher.messages().map((message) => message.id)).toEqual(sent)
    expect(result.stderr.match(/push service cannot be reached/g)).toHaveLength(1)
  })

  test('GROUPME_PUSH_URL obeys the base-URL rules: plain http only to loopback', async () => {
    const target = await newSandbox()
    const result = await runCli(['dm', 'watch'], {sandbox: target, env: {GROUPME_PUSH_URL: 'http://push.example.com/faye'}})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('GROUPME_PUSH_URL uses plain http')
  })
})
