import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {AuthError, ConflictError, ForbiddenError, NetworkError, NotFoundError, RateLimitError, ServerError, UsageError} from '../../../src/base/errors.js'
import {FakeClock} from '../../helpers/clock.js'
import {ALICE, ME, seedStore} from '../../../src/sandbox/seed.js'
import {SandboxStore} from '../../../src/sandbox/store.js'
import {SandboxClient} from '../helpers/sandbox-client.js'

function seeded(): SandboxClient {
  const store = new SandboxStore(ME, 'http://sandbox.invalid')
  seedStore(store)
  return new SandboxClient(store)
}

describe('the sandbox in-process: the real client over its wire', () => {
  test('answers as the HTTP sandbox does: me, chats, a chat, pages of messages', async () => {
    const api = seeded()
    expect((await api.currentUser()).id).toBe(ME.id)
    const chats = await api.listChats(1, 100)
    expect(chats.map((chat) => String(chat.other_user.id))).toContain(ALICE.id)
    const conversation = await api.conversationWith(ALICE.id)
    expect((await api.showChat(conversation)).other_user.name).toBe(ALICE.name)
    const page = await api.listMessages({otherUserId: ALICE.id, limit: 5})
    expect(page.direct_messages).toHaveLength(5)
    expect(page.count).toBe(api.store.messages(ALICE.id).length)
  })

  test('what it returns is a copy: changing it does not change the store', async () => {
    const api = seeded()
    const [message] = (await api.listMessages({otherUserId: ALICE.id, limit: 1})).direct_messages
    message.text = 'changed'
    expect(api.store.messages(ALICE.id).at(-1)?.text).not.toBe('changed')
  })

  test('nothing found is an empty page without a count, as a 304 is', async () => {
    const api = seeded()
    const newest = api.store.messages(ALICE.id).at(-1)!.id
    expect(await api.listMessages({otherUserId: ALICE.id, sinceId: newest})).toEqual({direct_messages: []})
  })

  test('sends once per source_guid; the same guid again is a duplicate', async () => {
    const api = seeded()
    const outgoing = {source_guid: 'guid-1', recipient_id: ALICE.id, text: 'hi', attachments: []}
    expect((await api.sendMessage(outgoing)).kind).toBe('sent')
    expect(await api.sendMessage(outgoing)).toEqual({kind: 'duplicate'})
    expect(api.store.countBySourceGuid('guid-1')).toBe(1)
  })

  test('the service\'s refusals are the CLI\'s errors', async () => {
    const api = seeded()
    await expect(api.listMessages({otherUserId: ALICE.id, beforeId: 'x'})).rejects.toBeInstanceOf(UsageError)
    await expect(api.showChat('1+2')).rejects.toBeInstanceOf(NotFoundError)
    const conversation = await api.conversationWith(ALICE.id)
    const hers = api.store.messages(ALICE.id).find((message) => message.sender_id === ALICE.id)!
    await expect(api.deleteMessage(conversation, hers.id)).rejects.toBeInstanceOf(ForbiddenError)
  })

  test('injected faults: a status is its error, a reset a network error, drop-after-commit does the work first', async () => {
    const api = seeded()
    api.inject({kind: 'status', status: 401, path: '/v3/users/me'})
    await expect(api.currentUser()).rejects.toBeInstanceOf(AuthError)
    api.inject({kind: 'status', status: 503, method: 'GET', path: '/v3/chats'})
    await expect(api.listChats(1, 10)).rejects.toBeInstanceOf(ServerError)
    api.inject({kind: 'status', status: 409})
    await expect(api.listChats(1, 10)).rejects.toBeInstanceOf(ConflictError)
    api.inject({kind: 'reset'})
    await expect(api.listChats(1, 10)).rejects.toBeInstanceOf(NetworkError)
    api.inject({kind: 'drop-after-commit', method: 'POST'})
    const outgoing = {source_guid: 'guid-2', recipient_id: ALICE.id, text: 'hi', attachments: []}
    await expect(api.sendMessage(outgoing)).rejects.toBeInstanceOf(NetworkError)
    expect(api.store.countBySourceGuid('guid-2')).toBe(1)
    expect((await api.listChats(1, 10)).length).toBeGreaterThan(0)
  })

  test('one decoding path: a 420 and a 429 are rate limits, decoded by the client as over HTTP', async () => {
    const api = seeded()
    api.inject({kind: 'status', status: 420, path: '/v3/chats'})
    await expect(api.listChats(1, 10)).rejects.toBeInstanceOf(RateLimitError)
    api.inject({kind: 'status', status: 429, path: '/v3/chats'})
    await expect(api.listChats(1, 10)).rejects.toBeInstanceOf(RateLimitError)
  })

  test('with retries, a refused request is tried again and what the sandbox asked is waited on the clock, not in real time', async () => {
    const clock = new FakeClock(1_800_000_000_000, {skipWaits: true})
    const api = new SandboxClient(seeded().store, {clock, retry: {maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 8000, maxRetryAfterMs: 30_000}})
    api.inject({kind: 'status', status: 420, headers: {'Retry-After': '20'}, path: '/v3/chats', times: 2})
    expect((await api.listChats(1, 10)).length).toBeGreaterThan(0)
    expect(clock.slept).toEqual([20_000, 20_000])
    expect(api.requests.filter((request) => request.path === '/v3/chats')).toHaveLength(3)
  })

  test('the token travels in its header, never in the URL', async () => {
    const api = seeded()
    await api.currentUser()
    expect(api.requests[0].headers['x-access-token']).toBeDefined()
    expect(api.requests[0].url).not.toContain(String(api.requests[0].headers['x-access-token']))
  })

  test('uploads and downloads images by URL', async () => {
    const api = seeded()
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-api-'))
    const source = join(dir, 'image.png')
    writeFileSync(source, Buffer.from([1, 2, 3]))
    const url = await api.uploadImageFile(source, 'image/png')
    const saved = await api.saveDownload(url, join(dir, 'partial'), (contentType) => join(dir, `saved.${contentType === 'image/png' ? 'png' : 'bin'}`))
    expect(saved).toEqual({path: join(dir, 'saved.png'), bytes: 3})
    expect(readFileSync(saved.path)).toEqual(Buffer.from([1, 2, 3]))
    expect(existsSync(join(dir, 'partial'))).toBe(false)
    await expect(api.saveDownload('http://sandbox.invalid/image/files/none', join(dir, 'p2'), () => join(dir, 'x'))).rejects.toBeInstanceOf(NotFoundError)
  })
})
