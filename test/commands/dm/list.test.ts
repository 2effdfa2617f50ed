import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, BENCH_PARTNER, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'
import {FakeClock} from '../../helpers/clock.js'
import {startCli} from '../../e2e/helpers/cli.js'

const ids = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line).id as string)
const numericallyDescending = (list: string[]) => [...list].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : BigInt(b) < BigInt(a) ? -1 : 0))

describe('dm list', () => {
  let sandbox: Sandbox
  let history: string[]
  beforeAll(async () => {
    // Short pages in the middle of history, as the real service sends them (docs/service.md, Messages).
    sandbox = await startSandbox({shortPageEvery: 2})
    sandbox.store.addMessages(ALICE.id, 230, {text: (i) => `filler ${i}`})
    history = numericallyDescending(sandbox.store.messages(ALICE.id).map((message) => message.id))
  })
  afterAll(() => sandbox.close())

  test('default: the newest 20, newest first', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    expect(ids(result.stdout)).toEqual(history.slice(0, 20))
  })

  test('--all pages through short pages to the empty page: the whole history, no duplicates', async () => {
    sandbox.resetRequests()
    const result = await runCli(['dm', 'list', ALICE.id, '--all', '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    expect(ids(result.stdout)).toEqual(history)
    const last = sandbox.requests.at(-1)!
    expect(last.query).toContain('before_id=')
  })

  test('--all whose history ends short of the service\'s count prints what it found, then exits 8', async () => {
    const count = history.length
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0, times: 2})
    // A 200 whose direct_messages is an empty array is the end of history (docs/service.md, Messages).
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 200, body: JSON.stringify({response: {count, direct_messages: []}, meta: {code: 200}})})
    const result = await runCli(['dm', 'list', ALICE.id, '--all', '--jsonl'], {sandbox})
    expect(result.code).toBe(8)
    expect(ids(result.stdout).length).toBeLessThan(count)
    expect(result.stderr).toMatch(new RegExp(`^Error: the service counts ${count} messages in this conversation but its history ended after \\d+: the list is short`))
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('--all --json on a short history prints nothing and exits 8', async () => {
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 200, body: JSON.stringify({response: {count: history.length, direct_messages: []}, meta: {code: 200}})})
    const result = await runCli(['dm', 'list', ALICE.id, '--all', '--json'], {sandbox})
    expect(result.code).toBe(8)
    expect(result.stdout).toBe('')
    expect(JSON.parse(result.stderr)).toMatchObject({error: {code: 'incomplete'}})
  })

  test('ids sent as bare numbers past 2^53 keep every digit: TSV, --json, --jsonl and the before_id cursors', async () => {
    // A sandbox of its own: the fault stays on for every page of every run here.
    const own = await startSandbox({shortPageEvery: 2})
    own.store.addMessages(ALICE.id, 230, {text: (i) => `filler ${i}`})
    const history = numericallyDescending(own.store.messages(ALICE.id).map((message) => message.id))
    own.inject({method: 'GET', path: '/v3/direct_messages', kind: 'numeric-ids', times: 1000})
    const tsv = await runCli(['dm', 'list', ALICE.id, '--all'], {sandbox: own})
    expect(tsv.code).toBe(0)
    expect(tsv.stdout.trim().split('\n').map((line) => line.split('\t')[0])).toEqual(history)
    const cursors = own.requests.map((request) => new URLSearchParams(request.query).get('before_id')).filter((id) => id !== null)
    expect(cursors.length).toBeGreaterThan(1)
    for (const cursor of cursors) expect(history).toContain(cursor)

    const json = await runCli(['dm', 'list', ALICE.id, '--all', '--json'], {sandbox: own})
    expect(json.code).toBe(0)
    // Printed as the service sent them: bare numbers, every digit.
    expect([...json.stdout.matchAll(/^ {4}"id": (\d+),?$/gm)].map((match) => match[1])).toEqual(history)

    const jsonl = await runCli(['dm', 'list', ALICE.id, '--all', '--jsonl'], {sandbox: own})
    expect([...jsonl.stdout.matchAll(/^\{.*?,"id":(\d+),/gm)].map((match) => match[1])).toEqual(history)
    await own.close()
  })

  test('--limit above 100 pages with before_id, 100 a request', async () => {
    sandbox.resetRequests()
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '150', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).map((message: {id: string}) => message.id)).toEqual(history.slice(0, 150))
    expect(sandbox.requests[0].query).toContain('limit=100')
  })

  test('--reverse is oldest first', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '5', '--reverse', '--jsonl'], {sandbox})
    expect(ids(result.stdout)).toEqual(history.slice(0, 5).reverse())
  })

  test('--before-id lists older messages only', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--before-id', history[10], '--limit', '3', '--jsonl'], {sandbox})
    expect(ids(result.stdout)).toEqual(history.slice(11, 14))
  })

  test('--since-id with 150 new messages returns all 150', async () => {
    const newest = history[0]
    const arrived = sandbox.store.addMessages(ALICE.id, 150, {text: (i) => `arrived ${i}`})
    const result = await runCli(['dm', 'list', ALICE.id, '--since-id', newest, '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    expect(ids(result.stdout)).toEqual(numericallyDescending(arrived.map((message) => message.id)))
    history = numericallyDescending(sandbox.store.messages(ALICE.id).map((message) => message.id))
  })

  test('--after-id is sorted by id whatever order the service sends', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--after-id', history[30], '--limit', '10', '--reverse', '--jsonl'], {sandbox})
    expect(ids(result.stdout)).toEqual(history.slice(20, 30).reverse())
  })

  test('nothing new (a 304) is an empty list and exit 0', async () => {
    const json = await runCli(['dm', 'list', ALICE.id, '--since-id', history[0], '--json'], {sandbox})
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual([])
    const plain = await runCli(['dm', 'list', ALICE.id, '--since-id', history[0]], {sandbox})
    expect(plain.code).toBe(0)
    expect(plain.stdout).toBe('')
  })

  test('--json prints the message objects exactly as stored, ids as strings', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--all', '--json'], {sandbox})
    const printed = JSON.parse(result.stdout) as Array<{id: string}>
    const stored = new Map(sandbox.store.messages(ALICE.id).map((message) => [message.id, JSON.parse(JSON.stringify(message))]))
    for (const message of printed) expect(message).toEqual(stored.get(message.id))
    expect(result.stdout).toMatch(/"id": "\d{18}"/)
  })

  test('plain columns: one line a message, deleted and system messages marked, attachment types listed', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--all'], {sandbox})
    const lines = result.stdout.replace(/\n$/, '').split('\n')
    expect(lines).toHaveLength(history.length)
    for (const line of lines) expect(line.split('\t')).toHaveLength(5)
    expect(result.stdout).toContain('[deleted]')
    expect(result.stdout).toContain('[system]')
    expect(result.stdout).toMatch(/\timage(,|\n|$)/m)
    expect(result.stdout).not.toMatch(/\x1b/)
  })

  test('a reader that goes away (| head -1) ends the listing quietly with exit 0', async () => {
    // Far more output than a pipe holds, so the CLI is still writing when the reader leaves.
    const big = await startSandbox({messages: 5000})
    const child = startCli(['dm', 'list', BENCH_PARTNER.id, '--all'], {sandbox: big})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    await big.close()
    expect(code).toBe(0)
    expect(stderr).toBe('')
  })

  test('a 429 with Retry-After is waited out', async () => {
    sandbox.resetRequests()
    sandbox.inject({path: '/v3/direct_messages', kind: 'status', status: 429, headers: {'Retry-After': '1'}})
    // The wait is on the run's clock, which records it instead of taking a second.
    const clock = new FakeClock(Date.now(), {skipWaits: true})
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '3', '--jsonl'], {sandbox, clock})
    expect(result.code).toBe(0)
    expect(ids(result.stdout)).toEqual(history.slice(0, 3))
    // The refused page asked again, after the second the service asked for (any later wait is the
    // pace a 429 sets for the pages after it: docs/service.md, Transport and auth).
    const [limited, retried] = sandbox.requests.filter((request) => request.path === '/v3/direct_messages')
    expect(retried.url).toBe(limited.url)
    expect(clock.slept[0]).toBe(1000)
  })

  test.each([
    [['dm', 'list', 'abc']],
    [['dm', 'list', '']],
    [['dm', 'list', ALICE.id, '--limit', '0']],
    [['dm', 'list', ALICE.id, '--limit', '-5']],
    [['dm', 'list', ALICE.id, '--limit', '99999999999']],
    [['dm', 'list', ALICE.id, '--since-id', '1', '--before-id', '2']],
    [['dm', 'list', ALICE.id, '--after-id', 'x']],
    [['dm', 'list', ALICE.id, '--all', '--limit', '5']],
  ])('%p is exit 2 with nothing sent', async (args) => {
    sandbox.resetRequests()
    const result = await runCli(args, {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^Error: /)
    expect(sandbox.requests).toHaveLength(0)
  })
})
