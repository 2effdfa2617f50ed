import {mkdtempSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {ALICE, BOB, ME} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'
import {sandboxPerTest} from '../../helpers/sandbox.js'

const sandboxWith = sandboxPerTest()
const ALICE_CHAT = `${ME.id}+${ALICE.id}`

function scratchFile(name: string, bytes: Buffer | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'groupme-file-')), name)
  writeFileSync(path, bytes)
  return path
}

describe('dm send --reply-to', () => {
  test('a reply to a message that is not a reply: its own id is the base', async () => {
    const sandbox = await sandboxWith()
    const answered = sandbox.store.messages(ALICE.id).find((message) => message.text === 'Are we still on for Monday?')!
    expect((await runCli(['dm', 'send', ALICE.id, 'Yes', '--reply-to', answered.id], {sandbox})).code).toBe(0)
    expect(sandbox.store.messages(ALICE.id).at(-1)).toMatchObject({
      text: 'Yes',
      attachments: [{type: 'reply', reply_id: answered.id, base_reply_id: answered.id, user_id: ALICE.id}],
    })
  })

  test('a reply to a reply keeps the thread: base_reply_id is the first message', async () => {
    const sandbox = await sandboxWith()
    const reply = sandbox.store.messages(ALICE.id).find((message) => message.text === 'Can you send a sharper one?')!
    const base = reply.attachments[0].base_reply_id
    expect((await runCli(['dm', 'send', ALICE.id, 'Here', '--reply-to', reply.id], {sandbox})).code).toBe(0)
    expect(sandbox.store.messages(ALICE.id).at(-1)!.attachments).toEqual([{type: 'reply', reply_id: reply.id, base_reply_id: base, user_id: ALICE.id}])
  })

  test('a MESSAGE of another chat is exit 4 and nothing is sent', async () => {
    const sandbox = await sandboxWith()
    const bobs = sandbox.store.messages(BOB.id)[0]
    const before = sandbox.store.messages(ALICE.id).length
    const result = await runCli(['dm', 'send', ALICE.id, 'wrong chat', '--reply-to', bobs.id], {sandbox})
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('nothing was sent')
    expect(sandbox.store.messages(ALICE.id)).toHaveLength(before)
    expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(0)
  })
})

describe('dm send --file', () => {
  test('uploads to the file service, polls the status, sends one message with the file attachment', async () => {
    const sandbox = await sandboxWith()
    const path = scratchFile('notes.txt', 'meeting notes\n')
    const result = await runCli(['dm', 'send', ALICE.id, 'the notes', '--file', path], {sandbox})
    expect(result.code).toBe(0)
    const sent = sandbox.store.messages(ALICE.id).at(-1)!
    expect(sent.text).toBe('the notes')
    const fileId = sent.attachments[0].file_id as string
    expect(sent.attachments).toEqual([{type: 'file', file_id: fileId}])
    expect(sandbox.store.files.file(ALICE_CHAT, fileId)).toMatchObject({name: 'notes.txt', bytes: Buffer.from('meeting notes\n')})
    const paths = sandbox.requests.map((request) => `${request.method} ${request.path}`)
    expect(paths).toEqual(expect.arrayContaining([`POST /file/v1/${ALICE_CHAT}/files`, `GET /file/v1/${ALICE_CHAT}/uploadStatus`, 'POST /v3/direct_messages']))
    // The token went with the upload and the polls, to the file host only.
    for (const request of sandbox.requests.filter((seen) => seen.path.startsWith('/file/'))) expect(request.headers['x-access-token']).toBe(sandbox.token)
  })

  test('two files and an image-less text: one message, both attachments in order', async () => {
    const sandbox = await sandboxWith()
    const first = scratchFile('a.csv', 'a,b\n1,2\n')
    const second = scratchFile('b.pdf', '%PDF-1.4\n')
    expect((await runCli(['dm', 'send', ALICE.id, '--file', first, '--file', second], {sandbox})).code).toBe(0)
    const sent = sandbox.store.messages(ALICE.id).at(-1)!
    expect(sent.attachments.map((attachment) => sandbox.store.files.files.get(attachment.file_id as string)?.name)).toEqual(['a.csv', 'b.pdf'])
  })

  test('with --image: one message carries the image and the file', async () => {
    const sandbox = await sandboxWith()
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
    const result = await runCli(['dm', 'send', ALICE.id, 'both', '--image', scratchFile('p.png', png), '--file', scratchFile('r.txt', 'report')], {sandbox})
    expect(result.code).toBe(0)
    expect(sandbox.store.messages(ALICE.id).at(-1)!.attachments.map((attachment) => attachment.type)).toEqual(['image', 'file'])
    expect(sandbox.requests.filter((request) => request.path === '/v3/direct_messages')).toHaveLength(1)
  })

  test('a file over 50 MB is exit 2 before any request', async () => {
    const sandbox = await sandboxWith()
    const path = scratchFile('big.bin', '')
    truncateSync(path, 50 * 1024 * 1024 + 1)
    const result = await runCli(['dm', 'send', ALICE.id, 'big', '--file', path], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('at most 50 MiB')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('a missing or empty file is exit 2 before any request', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['dm', 'send', ALICE.id, 'x', '--file', '/nonexistent/file.txt'], {sandbox})).code).toBe(2)
    expect((await runCli(['dm', 'send', ALICE.id, 'x', '--file', scratchFile('empty.txt', '')], {sandbox})).code).toBe(2)
    expect(sandbox.requests).toHaveLength(0)
  })

  test('a status URL on a foreign host: the token is not sent there and no message is sent', async () => {
    const sandbox = await sandboxWith()
    sandbox.inject({method: 'POST', path: `/file/v1/${ALICE_CHAT}/files`, kind: 'status', status: 201, body: JSON.stringify({status_url: 'https://evil.example/v1/uploadStatus?job=1'})})
    const before = sandbox.store.messages(ALICE.id).length
    const result = await runCli(['dm', 'send', ALICE.id, 'hi', '--file', scratchFile('x.txt', 'x')], {sandbox})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('another host (evil.example')
    expect(result.stderr).not.toContain(sandbox.token)
    expect(sandbox.store.messages(ALICE.id)).toHaveLength(before)
    expect(sandbox.requests.filter((request) => request.path === '/v3/direct_messages')).toHaveLength(0)
  })

  test('a job that never finishes: the polls stop at the request deadline and nothing is sent', async () => {
    const sandbox = await sandboxWith()
    sandbox.store.files.pendingPolls = Number.MAX_SAFE_INTEGER
    const before = sandbox.store.messages(ALICE.id).length
    const result = await runCli(['dm', 'send', ALICE.id, 'never', '--file', scratchFile('slow.txt', 'slow'), '--timeout', '1'], {sandbox})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('did not finish slow.txt in time')
    expect(sandbox.store.messages(ALICE.id)).toHaveLength(before)
    expect(sandbox.requests.filter((request) => request.path.endsWith('/uploadStatus')).length).toBeGreaterThan(1)
  })

  test('--dry-run checks the files and sends nothing', async () => {
    const sandbox = await sandboxWith()
    const path = scratchFile('plan.txt', 'plan')
    const result = await runCli(['dm', 'send', ALICE.id, 'plan', '--file', path, '--dry-run'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).direct_message.attachments).toEqual([{type: 'file', file_id: `file://${path}`}])
    expect(sandbox.requests).toHaveLength(0)
  })
})
