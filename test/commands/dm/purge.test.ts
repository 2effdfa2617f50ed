import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {ALICE, BOB, BOB_CAPS, CAROL, MALLORY, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'
import {finished, startCli} from '../../e2e/helpers/cli.js'
import {waitFor} from '../../helpers/wait.js'

const OLD = Date.UTC(2020, 5, 1) / 1000 // 2020-06-01
const RECENT = Date.UTC(2022, 5, 1) / 1000 // 2022-06-01
const DAY = 86_400

describe('dm purge', () => {
  let sandbox: Sandbox
  const deletes = () => sandbox.requests.filter((request) => request.method === 'DELETE')
  const deletedIds = (user: string) => sandbox.store.messages(user).filter((message) => message.deleted_at !== undefined).map((message) => message.id)
  const say = (user: string, from: 'me' | 'other', createdAt: number, text: string) =>
    sandbox.store.insert({senderId: from === 'me' ? sandbox.meId : user, otherUserId: user, createdAt, text}).id
  const purge = (...args: string[]) => runCli(['dm', 'purge', ...args], {sandbox})

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('--before deletes exactly my older messages: never the other user\'s, never newer ones', async () => {
    const mineOld = [say(BOB.id, 'me', OLD, 'old 1'), say(BOB.id, 'me', OLD + DAY, 'old 2'), say(BOB.id, 'me', OLD + 2 * DAY, 'old 3')]
    say(BOB.id, 'other', OLD + 3 * DAY, 'their old one')
    say(BOB.id, 'me', RECENT, 'my recent one')
    const deletedBefore = deletedIds(BOB.id)

    const result = await purge(BOB.id, '--mine', '--before', '2021-01-01T00:00:00Z', '--yes', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({matched: 3, deleted: 3, skipped: 0, failed: 0})
    expect(deletedIds(BOB.id).sort()).toEqual([...deletedBefore, ...mineOld].sort())
    expect(deletes().map((request) => request.path).sort()).toEqual(mineOld.map((id) => `/v3/conversations/${BOB.id}+${sandbox.meId}/messages/${id}`).sort())
  })

  test('@Name must be exact: @carol (Carol only in another case) is exit 2 naming Carol, nothing deleted', async () => {
    say(CAROL.id, 'me', OLD, 'old one')
    const result = await purge('@carol', '--mine', '--before', '2021-01-01', '--yes')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Carol (${CAROL.id})`)
    expect(deletes()).toHaveLength(0)
  })

  test('a --match that backtracks without end is stopped: exit 2, one line, nothing deleted', async () => {
    const trap = say(BOB_CAPS.id, 'me', OLD, 'a'.repeat(40) + '!')
    // In the main thread this pattern ran 161 s on one message and ignored SIGTERM (issue 10).
    const result = await purge(BOB_CAPS.id, '--mine', '--match', '(a+)+$', '--yes')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--match took more than')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(deletes()).toHaveLength(0)
    expect(deletedIds(BOB_CAPS.id)).not.toContain(trap)
  })

  test('--match deletes my messages whose text matches (case-sensitive unless -i), never theirs', async () => {
    const secret = say(CAROL.id, 'me', OLD, 'my secret plan')
    const shouting = say(CAROL.id, 'me', OLD + 1, 'MY SECRET PLAN')
    say(CAROL.id, 'me', OLD + 2, 'public news')
    const theirs = say(CAROL.id, 'other', OLD + 3, 'their secret')

    const exact = await purge(CAROL.id, '--mine', '--match', 'secret', '--yes', '--json')
    expect(exact.code).toBe(0)
    expect(JSON.parse(exact.stdout)).toEqual({matched: 1, deleted: 1, skipped: 0, failed: 0})
    expect(deletedIds(CAROL.id)).toEqual([secret])

    const folded = await purge(CAROL.id, '--mine', '--match', 's[e]cret', '-i', '--yes', '--json')
    expect(JSON.parse(folded.stdout)).toEqual({matched: 1, deleted: 1, skipped: 0, failed: 0})
    expect(deletedIds(CAROL.id).sort()).toEqual([secret, shouting].sort())
    expect(deletedIds(CAROL.id)).not.toContain(theirs)
  })

  test('--dry-run lists what would go and deletes nothing', async () => {
    const doomed = [say(MALLORY.id, 'me', OLD, 'dry 1'), say(MALLORY.id, 'me', OLD + 1, 'dry 2')]
    say(MALLORY.id, 'other', OLD + 2, 'theirs')
    const result = await purge(MALLORY.id, '--mine', '--before', '2021-01-01', '--dry-run', '--jsonl')
    expect(result.code).toBe(0)
    const listed = result.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as {id: string}).id)
    expect(listed.sort()).toEqual(doomed.sort())
    expect(result.stderr).toContain('2 message(s) would be deleted')
    expect(deletes()).toHaveLength(0)
    expect(deletedIds(MALLORY.id)).toEqual([])
  })

  test('failed deletions: exit 1 after the summary; a re-run finishes the job, skipping what is already gone', async () => {
    const doomed = Array.from({length: 5}, (_, i) => say(ALICE.id, 'me', OLD + i, `resume ${i}`))
    // The first DELETE fails on every attempt (5 in all); the others go through.
    sandbox.inject({method: 'DELETE', kind: 'status', status: 500, times: 5, headers: {'Retry-After': '0'}})
    const first = await purge(ALICE.id, '--mine', '--before', '2021-01-01', '--yes', '--json')
    expect(first.code).toBe(1)
    expect(JSON.parse(first.stdout)).toEqual({matched: 5, deleted: 4, skipped: 0, failed: 1})
    const failedId = doomed.find((id) => !deletedIds(ALICE.id).includes(id))!
    expect(first.stderr).toContain(`failed: message ${failedId}`)
    expect(first.stderr).toMatch(/run the same command again/)

    sandbox.resetRequests()
    const second = await purge(ALICE.id, '--mine', '--before', '2021-01-01', '--yes', '--json')
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout)).toEqual({matched: 5, deleted: 1, skipped: 4, failed: 0})
    expect(deletes().map((request) => request.path.split('/').at(-1))).toEqual([failedId])
    expect(deletedIds(ALICE.id)).toEqual(expect.arrayContaining(doomed))
  })

  test('a 404 on a first attempt (deleted meanwhile) counts as skipped, not failed', async () => {
    Array.from({length: 2}, (_, i) => say(ALICE.id, 'me', OLD - DAY + i, `gone ${i}`))
    sandbox.inject({method: 'DELETE', kind: 'status', status: 404})
    const result = await purge(ALICE.id, '--mine', '--before', '2020-05-31T12:00:00Z', '--yes', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({matched: 2, deleted: 1, skipped: 1, failed: 0})
    expect(result.stderr).not.toContain('failed:')
  })

  test('nothing matching: a zero summary, exit 0', async () => {
    const result = await purge(BOB.id, '--mine', '--match', '^no message says this$', '--yes', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({matched: 0, deleted: 0, skipped: 0, failed: 0})
    expect(deletes()).toHaveLength(0)
  })

  test('without a terminal, --yes is required: exit 2, nothing requested', async () => {
    const result = await purge(BOB.id, '--mine')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--yes')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('@Name is resolved once: GET /chats is walked one time, not once per id', async () => {
    say(CAROL.id, 'me', OLD, 'to carol, old')
    const result = await purge('@Carol', '--mine', '--before', '2021-01-01', '--dry-run', '--json')
    expect(result.code).toBe(0)
    const chatPages = sandbox.requests.filter((request) => request.method === 'GET' && request.path === '/v3/chats')
    // One walk: the pages until the empty one, each asked once.
    const pages = chatPages.map((request) => new URLSearchParams(request.query).get('page'))
    expect(pages).toEqual([...new Set(pages)])
  })

  test('without --mine: exit 2 explaining why, nothing requested', async () => {
    const result = await purge(BOB.id, '--yes')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--mine is required: only the sender can delete/)
    expect(sandbox.requests).toHaveLength(0)
  })

  test.each([
    ['--before', 'last tuesday'],
    ['--before', '2021-02-30'],
    ['--match', '(unclosed'],
  ])('%s %p is exit 2 with zero requests', async (flag, value) => {
    const result = await purge(BOB.id, '--mine', flag, value, '--yes')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(flag)
    expect(sandbox.requests).toHaveLength(0)
  })
})

describe('dm purge, interrupted', () => {
  // A sandbox of its own: the delay faults injected here must not reach other tests.
  let sandbox: Sandbox
  const deletes = () => sandbox.requests.filter((request) => request.method === 'DELETE')
  const deletedIds = (user: string) => sandbox.store.messages(user).filter((message) => message.deleted_at !== undefined).map((message) => message.id)
  const say = (user: string, createdAt: number, text: string) => sandbox.store.insert({senderId: sandbox.meId, otherUserId: user, createdAt, text}).id
  const purge = (...args: string[]) => runCli(['dm', 'purge', ...args], {sandbox})

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('Ctrl-C is exit 130; a re-run deletes the rest', async () => {
    const doomed = Array.from({length: 12}, (_, i) => say(ALICE.id, OLD + i, `interrupt ${i}`))
    // Three deletions go through; the fourth's answer is held back, so Ctrl-C comes mid-run.
    sandbox.inject({method: 'DELETE', kind: 'delay', ms: 0, times: 3})
    sandbox.inject({method: 'DELETE', kind: 'delay', ms: 600_000})
    const before = deletes().length
    const child = startCli(['dm', 'purge', ALICE.id, '--mine', '--before', '2021-01-01', '--yes', '--json'], {sandbox})
    const done = finished(child)
    await waitFor(() => deletes().length >= before + 4)
    child.kill('SIGINT')
    const interrupted = await done
    expect(interrupted.code).toBe(130)
    expect(interrupted.stdout).toBe('')
    const left = doomed.filter((id) => !deletedIds(ALICE.id).includes(id))
    expect(left.length).toBeGreaterThan(0)

    const rerun = await purge(ALICE.id, '--mine', '--before', '2021-01-01', '--yes', '--json')
    expect(rerun.code).toBe(0)
    const summary = JSON.parse(rerun.stdout)
    expect(summary).toMatchObject({matched: 12, failed: 0})
    expect(summary.deleted + summary.skipped).toBe(12)
    expect(summary.deleted).toBeGreaterThanOrEqual(left.length - 1)
    expect(deletedIds(ALICE.id)).toEqual(expect.arrayContaining(doomed))
  })

})
