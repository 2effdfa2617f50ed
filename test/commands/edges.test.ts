import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdtempSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ALICE, MALLORY, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'

/** Edges a demanding user runs into: each one was a defect once. */
describe('edges', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('dm send: TEXT may come after a repeatable attachment flag', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, '--image', 'https://i.groupme.com/x.png', 'hi', '--dry-run', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).direct_message).toMatchObject({text: 'hi', attachments: [{type: 'image', url: 'https://i.groupme.com/x.png'}]})
  })

  test('dm send with an attachment and no TEXT does not read a piped stdin', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, '--location', '1,2,Here', '--dry-run', '--json'], {sandbox, stdin: 'the rest of a while-read loop\n'})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).direct_message.text).toBeUndefined()
  })

  test('dm send --dry-run prints the whole request body in a pipe too', async () => {
    const text = 'x'.repeat(500)
    const result = await runCli(['dm', 'send', ALICE.id, text, '--dry-run'], {sandbox})
    expect(JSON.parse(result.stdout).direct_message.text).toBe(text)
  })

  test('a send delivered once whose lookup fails prints no invented message', async () => {
    sandbox.inject({method: 'POST', path: '/v3/direct_messages', kind: 'drop-after-commit'})
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 500, times: 5})
    // --dedupe-window 0: the faults are for the look-up after the lost answer, not the look-back before sending.
    const result = await runCli(['dm', 'send', ALICE.id, 'once', '--source-guid', 'edge-lookup-1', '--dedupe-window', '0', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    // Only what is known: the 409 says an earlier attempt arrived; nothing confirmed it was once.
    expect(result.stderr).toContain('409')
    expect(result.stderr).toContain('could not be looked up')
    expect(result.stderr).not.toContain('sent once')
    expect(sandbox.store.countBySourceGuid('edge-lookup-1')).toBe(1)
  })

  test('a long Retry-After is announced on stderr, then waited out', async () => {
    sandbox.inject({path: '/v3/chats', kind: 'status', status: 429, headers: {'Retry-After': '2'}})
    const result = await runCli(['chats', 'list'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('retrying in 2 s')
  })

  test('oclif parse errors read as one clean line', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '0'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).not.toContain('\\t')
  })

  test('@name matches the name as shown, control characters aside', async () => {
    const result = await runCli(['dm', 'list', '@mallory', '--limit', '1', '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    expect(new URLSearchParams(sandbox.requests.at(-1)!.query).get('other_user_id')).toBe(MALLORY.id)
  })

  test('dm tail --follow refuses --json (one array per poll is no JSON document)', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'groupme-edge-')), 'tail.json')
    const result = await runCli(['dm', 'tail', ALICE.id, '--state', state, '--follow', '--json'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--jsonl')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('dm export writes its file and the archive it fetches into readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groupme-edge-'))
    const out = join(dir, 'alice.jsonl')
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out, '--db', join(dir, 'archive.db')], {sandbox})
    expect(result.code).toBe(0)
    for (const file of [out, join(dir, 'archive.db')]) expect({file, mode: statSync(file).mode & 0o777}).toEqual({file, mode: 0o600})
  })
})
