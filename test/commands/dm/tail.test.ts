import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {ALICE, BOB, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'
import {finished, startCli} from '../../e2e/helpers/cli.js'
import {FakeClock} from '../../helpers/clock.js'
import * as wait from '../../helpers/wait.js'

const lines = (text: string) => text.split('\n').filter(Boolean)
const ids = (stdout: string) => lines(stdout).map((line) => (JSON.parse(line) as {id: string}).id)
const readState = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as {other_user_id: string; last_message_id: string | null}
const messageRequests = (sandbox: Sandbox) => sandbox.requests.filter((request) => request.path === '/v3/direct_messages')

const waitFor = (condition: () => boolean, timeoutMs = 20_000) => wait.waitFor(condition, timeoutMs, 50)

describe('dm tail', () => {
  let sandbox: Sandbox
  let dir: string
  let n = 0
  /** A fresh state file path for each test that wants one. */
  const stateFile = () => join(dir, `state-${++n}.json`)
  const allIds = (user = ALICE.id) => sandbox.store.messages(user).map((message) => message.id)
  const arrive = (count: number, user = ALICE.id) => sandbox.store.addMessages(user, count, {text: (i) => `arrived ${i + 1}`}).map((message) => message.id)
  const tail = (state: string, ...args: string[]) => runCli(['dm', 'tail', ALICE.id, '--state', state, '--jsonl', ...args], {sandbox})
  /** A state file at the newest message now. */
  const caughtUp = async () => {
    const state = stateFile()
    expect((await tail(state, '--init')).code).toBe(0)
    return state
  }

  beforeAll(async () => {
    sandbox = await startSandbox()
    dir = mkdtempSync(join(tmpdir(), 'groupme-tail-e2e-'))
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('first run without a state file prints the last --limit, oldest first, and records the position', async () => {
    const state = stateFile()
    const result = await tail(state, '--limit', '5')
    expect(result.code).toBe(0)
    expect(ids(result.stdout)).toEqual(allIds().slice(-5))
    expect(readState(state)).toMatchObject({version: 1, other_user_id: ALICE.id, last_message_id: allIds().at(-1)})
    expect(existsSync(`${state}.lock`)).toBe(false)
  })

  test('the default --limit is 20', async () => {
    const result = await tail(stateFile())
    expect(ids(result.stdout)).toEqual(allIds().slice(-20))
  })

  test('0, 1, then 150 new messages between runs: each printed once, oldest first, no gap', async () => {
    const state = await caughtUp()

    const none = await tail(state)
    expect(none.code).toBe(0)
    expect(none.stdout).toBe('')

    const one = arrive(1)
    const single = await tail(state)
    expect(single.code).toBe(0)
    expect(ids(single.stdout)).toEqual(one)
    expect(readState(state).last_message_id).toBe(one[0])

    const many = arrive(150)
    sandbox.resetRequests()
    const burst = await tail(state)
    expect(burst.code).toBe(0)
    expect(ids(burst.stdout)).toEqual(many)
    expect(readState(state).last_message_id).toBe(many.at(-1))
    // since_id alone answers only the newest 100: the rest came by paging back with before_id.
    expect(messageRequests(sandbox).some((request) => request.query.includes('before_id='))).toBe(true)

    const after = await tail(state)
    expect(after.stdout).toBe('')
  })

  test('--init prints nothing; the next run prints only what came after', async () => {
    const state = stateFile()
    const init = await tail(state, '--init')
    expect(init.code).toBe(0)
    expect(init.stdout).toBe('')
    expect(readState(state).last_message_id).toBe(allIds().at(-1))
    const later = arrive(3)
    const next = await tail(state)
    expect(ids(next.stdout)).toEqual(later)
  })

  test('--exit-status: 7 when nothing is new, 0 when something is', async () => {
    const state = await caughtUp()
    const empty = await tail(state, '--exit-status')
    expect(empty.code).toBe(7)
    expect(empty.stdout).toBe('')
    expect(empty.stderr).toMatch(/nothing new/i)
    arrive(1)
    expect((await tail(state, '--exit-status')).code).toBe(0)
    // Without --exit-status an empty run is a success.
    expect((await tail(state)).code).toBe(0)
  })

  test('piped without --jsonl: tab-separated lines; --json: one array', async () => {
    const state = await caughtUp()
    const fresh = arrive(2)
    const plain = await runCli(['dm', 'tail', ALICE.id, '--state', state], {sandbox})
    expect(lines(plain.stdout).map((line) => line.split('\t')[0])).toEqual(fresh)
    const json = await runCli(['dm', 'tail', ALICE.id, '--state', state, '--json'], {sandbox})
    expect(JSON.parse(json.stdout)).toEqual([])
  })

  test('a state file of another conversation is exit 2, before any message request', async () => {
    const state = await caughtUp()
    sandbox.resetRequests()
    const result = await runCli(['dm', 'tail', BOB.id, '--state', state], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(ALICE.id)
    expect(sandbox.requests).toHaveLength(0)
  })

  test('a file that is not a state file is exit 2, and is left alone', async () => {
    const state = stateFile()
    writeFileSync(state, 'precious notes\n')
    const result = await tail(state)
    expect(result.code).toBe(2)
    expect(readFileSync(state, 'utf8')).toBe('precious notes\n')
    expect(sandbox.requests).toHaveLength(0)
  })

  test.each([
    ['missing --state', ['dm', 'tail', ALICE.id]],
    ['a non-numeric USER', ['dm', 'tail', 'alice', '--state', 'STATE']],
    ['--interval 0', ['dm', 'tail', ALICE.id, '--state', 'STATE', '--follow', '--interval', '0']],
    ['--limit 0', ['dm', 'tail', ALICE.id, '--state', 'STATE', '--limit', '0']],
    ['--exit-status with --follow', ['dm', 'tail', ALICE.id, '--state', 'STATE', '--follow', '--exit-status']],
  ])('%s is exit 2 with zero requests', async (_, args) => {
    const state = stateFile()
    const result = await runCli(args.map((arg) => (arg === 'STATE' ? state : arg)), {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).not.toBe('')
    expect(sandbox.requests).toHaveLength(0)
    expect(existsSync(state)).toBe(false)
  })

  test('two overlapping runs on one state file: the second waits for the first; every new message printed exactly once', async () => {
    const state = await caughtUp()
    const fresh = arrive(30)
    const args = ['dm', 'tail', ALICE.id, '--state', state, '--jsonl', '--wait', '20']
    // The first run's page is held back while it holds the lock.
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 600_000})
    const asked = messageRequests(sandbox).length
    const holder = finished(startCli(args, {sandbox}))
    await waitFor(() => messageRequests(sandbox).length > asked)
    // The second runs here, on a clock of its own: it finds the lock held and waits on that clock.
    const clock = new FakeClock(Date.now())
    const waiter = runCli(args, {sandbox, clock})
    await waitFor(() => clock.slept.length > 0)
    expect(messageRequests(sandbox).length).toBe(asked + 1)

    sandbox.releaseDelays()
    const first = await holder
    expect({code: first.code, printed: ids(first.stdout)}).toEqual({code: 0, printed: fresh})
    // The lock is free: the waiter's next look takes it, and there is nothing new for it.
    await clock.advance(clock.slept[0])
    const second = await waiter
    expect({code: second.code, stdout: second.stdout}).toEqual({code: 0, stdout: ''})
    expect(readState(state).last_message_id).toBe(fresh.at(-1))
    expect(existsSync(`${state}.lock`)).toBe(false)
  })

  test('with --wait 0 a run that finds the lock held gives up at once: exit 6 and a clear line, nothing printed twice', async () => {
    const state = await caughtUp()
    const fresh = arrive(10)
    // The holder's answer is held back, so it still holds the lock when the second run starts.
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 60_000})
    const args = ['dm', 'tail', ALICE.id, '--state', state, '--jsonl', '--wait', '0']
    const asked = messageRequests(sandbox).length
    const holder = finished(startCli(args, {sandbox}))
    // Its request is held: it has the lock.
    await waitFor(() => messageRequests(sandbox).length > asked)
    expect(existsSync(`${state}.lock`)).toBe(true)
    const loser = await runCli(args, {sandbox})
    expect(loser.code).toBe(6)
    expect(loser.stdout).toBe('')
    expect(loser.stderr).toMatch(/another dm tail run \(pid \d+\) is using this state file/)
    expect(loser.stderr).toContain(`${state}.lock`)
    sandbox.releaseDelays()
    const winner = await holder
    expect(winner.code).toBe(0)
    expect(ids(winner.stdout)).toEqual(fresh)
    expect(readState(state).last_message_id).toBe(fresh.at(-1))
  })

  test('a lock left by a run that was killed is taken over', async () => {
    const state = await caughtUp()
    // What a run killed with -9 leaves: its lock, naming a process that is gone.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    writeFileSync(`${state}.lock`, `${JSON.stringify({groupme_lock: 1, pid: dead, host: hostname()})}\n`)
    const fresh = arrive(2)
    const result = await tail(state, '--wait', '0')
    expect(result.code).toBe(0)
    expect(ids(result.stdout)).toEqual(fresh)
    expect(existsSync(`${state}.lock`)).toBe(false)
  })

  test('--follow prints messages as they arrive; Ctrl-C is exit 130 with the state at the last printed message', async () => {
    const state = await caughtUp()
    const child = startCli(['dm', 'tail', ALICE.id, '--state', state, '--jsonl', '--follow', '--interval', '1'], {sandbox})
    const done = finished(child)
    let stdout = ''
    child.stdout.on('data', (chunk: string) => (stdout += chunk))

    // The first poll happens at once; wait for it before adding messages.
    await waitFor(() => messageRequests(sandbox).length > 0)
    const first = arrive(2)
    await waitFor(() => ids(stdout).length >= 2)
    const second = arrive(120)
    await waitFor(() => ids(stdout).length >= 122)
    await waitFor(() => readState(state).last_message_id === second.at(-1))
    expect(existsSync(`${state}.lock`)).toBe(true)

    child.kill('SIGINT')
    const result = await done
    expect(result.code).toBe(130)
    expect(ids(result.stdout)).toEqual([...first, ...second])
    expect(readState(state).last_message_id).toBe(second.at(-1))
    expect(existsSync(`${state}.lock`)).toBe(false)

    // Nothing is repeated or lost on the next run.
    const third = arrive(1)
    expect(ids((await tail(state)).stdout)).toEqual(third)
  })

  test('--follow holds the lock: a cron run meanwhile waits, then exit 6', async () => {
    const state = await caughtUp()
    const child = startCli(['dm', 'tail', ALICE.id, '--state', state, '--jsonl', '--follow', '--interval', '1'], {sandbox})
    const done = finished(child)
    await waitFor(() => existsSync(`${state}.lock`))
    // Its second of waiting is on its own clock, which records it instead of taking it.
    const clock = new FakeClock(Date.now(), {skipWaits: true})
    const cron = await runCli(['dm', 'tail', ALICE.id, '--state', state, '--jsonl', '--wait', '1'], {sandbox, clock})
    expect(cron.code).toBe(6)
    expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBe(1000)
    child.kill('SIGINT')
    expect((await done).code).toBe(130)
  })
})
