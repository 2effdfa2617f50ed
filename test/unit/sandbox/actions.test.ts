import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {ALICE, BOB, type DirectMessage, ME, type Sandbox, SEED_FILE_ID, startSandbox} from '../../../src/sandbox/index.js'

/** The sandbox's endpoints beyond the reference (docs/actions.md), over HTTP as the CLI meets them. */
const ALICE_CHAT = `${ME.id}+${ALICE.id}`

interface Envelope<T> {
  response: T
  meta: {code: number; errors?: string[]}
}

async function call<T = unknown>(sandbox: Sandbox, path: string, options: {method?: string; json?: unknown; body?: Buffer; type?: string} = {}): Promise<{status: number; body: T}> {
  const headers: Record<string, string> = {'x-access-token': sandbox.token}
  if (options.type) headers['content-type'] = options.type
  if (options.json !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${sandbox.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.json === undefined ? options.body : JSON.stringify(options.json),
  })
  const text = await response.text()
  return {status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T}
}

function byText(sandbox: Sandbox, otherUserId: string, text: string): DirectMessage {
  return sandbox.store.messages(otherUserId).find((message) => message.text === text)!
}

describe('sandbox: actions', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('the seed has reactions from several users, a reply, a pin, an edit and a file', () => {
    const alice = sandbox.store.messages(ALICE.id)
    const reacted = new Set(alice.flatMap((message) => (message.reactions ?? []).flatMap((reaction) => reaction.user_ids)))
    expect([...reacted].sort()).toEqual([ALICE.id, ME.id].sort())
    expect(sandbox.store.messages(BOB.id).some((message) => message.reactions?.[0]?.user_ids.includes(BOB.id))).toBe(true)
    expect(alice.some((message) => message.attachments.some((attachment) => attachment.type === 'reply'))).toBe(true)
    expect(alice.some((message) => message.pinned_at !== null)).toBe(true)
    expect(alice.some((message) => message.updated_at !== undefined)).toBe(true)
    expect(sandbox.store.files.files.get(SEED_FILE_ID)).toMatchObject({name: 'budget.csv', contentType: 'text/csv'})
  })

  test('likes and reactions: one per user, the second replaces the first, unlike removes it', async () => {
    const message = byText(sandbox, ALICE.id, 'Sure, later tonight')
    const path = `/v3/messages/${ALICE_CHAT}/${message.id}`
    expect((await call(sandbox, `${path}/like`, {method: 'POST'})).status).toBe(200)
    expect(message.favorited_by).toEqual([ME.id])
    expect(message.reactions).toBeUndefined()
    const first = await call<Envelope<{reactions: unknown[]}>>(sandbox, `${path}/like`, {method: 'POST', json: {like_icon: {type: 'unicode', code: '🔥'}}})
    expect(first.body.response.reactions).toEqual([{type: 'unicode', code: '🔥', pack_id: 0, pack_index: 0, user_ids: [ME.id]}])
    await call(sandbox, `${path}/like`, {method: 'POST', json: {like_icon: {type: 'emoji', pack_id: 1, pack_index: 12}}})
    expect(message.reactions).toEqual([{type: 'emoji', code: '', pack_id: 1, pack_index: 12, user_ids: [ME.id]}])
    expect(message.favorited_by).toEqual([ME.id])
    expect((await call(sandbox, `${path}/unlike`, {method: 'POST'})).status).toBe(200)
    expect(message.favorited_by).toEqual([])
    expect(message.reactions).toBeUndefined()
  })

  test('a unicode reaction outside the 15, or a missing message, is refused', async () => {
    const message = byText(sandbox, ALICE.id, 'Sure, later tonight')
    expect((await call(sandbox, `/v3/messages/${ALICE_CHAT}/${message.id}/like`, {method: 'POST', json: {like_icon: {type: 'unicode', code: '🍕'}}})).status).toBe(400)
    expect((await call(sandbox, `/v3/messages/${ALICE_CHAT}/1/like`, {method: 'POST'})).status).toBe(404)
    expect(message.favorited_by).toEqual([])
  })

  test('pins: a double pin is a bare 400, the list holds the pinned message, unpin of an unpinned one is a 400', async () => {
    const message = byText(sandbox, ALICE.id, "Let's ship it Monday.")
    const path = `/v3/conversations/${ALICE_CHAT}/messages/${message.id}`
    const before = sandbox.store.messages(ALICE.id).length
    expect((await call(sandbox, `${path}/pin`, {method: 'POST'})).status).toBe(200)
    expect(message).toMatchObject({pinned_at: expect.any(Number), pinned_by: ME.id})
    // The service posts a system message in the chat.
    expect(sandbox.store.messages(ALICE.id).at(-1)).toMatchObject({sender_id: 'system', event: {type: 'message.pinned', data: {message_id: message.id}}})
    expect(sandbox.store.messages(ALICE.id)).toHaveLength(before + 1)
    expect((await call(sandbox, `${path}/pin`, {method: 'POST'})).status).toBe(400)
    const pins = await call<Envelope<{count: number; messages: DirectMessage[]}>>(sandbox, `/v3/pinned/direct_messages?other_user_id=${ALICE.id}`)
    expect(pins.body.response.messages.map((pinned) => pinned.id)).toContain(message.id)
    expect((await call(sandbox, `${path}/unpin`, {method: 'POST'})).status).toBe(200)
    expect((await call(sandbox, `${path}/unpin`, {method: 'POST'})).status).toBe(400)
  })

  test('blocks: list, between, add, a DM to a blocked user refused, remove', async () => {
    const query = `user=${ME.id}&otherUser=${BOB.id}`
    expect((await call<Envelope<{between: boolean}>>(sandbox, `/v3/blocks/between?${query}`)).body.response.between).toBe(false)
    expect((await call(sandbox, `/v3/blocks?${query}`, {method: 'POST'})).status).toBe(200)
    expect((await call<Envelope<{blocks: unknown[]}>>(sandbox, `/v3/blocks?user=${ME.id}`)).body.response.blocks).toEqual([
      {user_id: ME.id, blocked_user_id: BOB.id, created_at: expect.any(Number)},
    ])
    expect((await call<Envelope<{between: boolean}>>(sandbox, `/v3/blocks/between?${query}`)).body.response.between).toBe(true)
    const send = await call(sandbox, '/v3/direct_messages', {method: 'POST', json: {direct_message: {source_guid: 'blocked-1', recipient_id: BOB.id, text: 'hi'}}})
    expect(send.status).toBe(403)
    expect((await call(sandbox, `/v3/blocks?user=${ME.id}&otherUser=${ME.id}`, {method: 'POST'})).status).toBe(400)
    expect((await call(sandbox, `/v3/blocks?${query}`, {method: 'DELETE'})).status).toBe(200)
    expect((await call<Envelope<{between: boolean}>>(sandbox, `/v3/blocks/between?${query}`)).body.response.between).toBe(false)
  })

  test('files: upload, status pending then completed, fileData, download; only in their own conversation', async () => {
    const bytes = Buffer.from('%PDF-1.4 a small document')
    const upload = await call<{status_url: string}>(sandbox, `/file/v1/${ALICE_CHAT}/files?name=report.pdf`, {method: 'POST', body: bytes, type: 'application/pdf'})
    expect(upload.status).toBe(201)
    const statusUrl = new URL(upload.body.status_url)
    expect(statusUrl.origin).toBe(sandbox.url)
    const status = () => call<{status: string; file_id?: string}>(sandbox, statusUrl.pathname + statusUrl.search)
    expect((await status()).body).toEqual({status: 'pending'})
    const done = (await status()).body
    expect(done).toEqual({status: 'completed', file_id: expect.any(String)})
    const data = await call(sandbox, `/file/v1/${ALICE_CHAT}/fileData`, {method: 'POST', json: {file_ids: [done.file_id]}})
    expect(data.body).toEqual([{file_id: done.file_id, file_data: {file_name: 'report.pdf', file_size: bytes.length, mime_type: 'application/pdf'}}])
    const download = await fetch(`${sandbox.url}/file/v1/${ALICE_CHAT}/files/${done.file_id}`, {method: 'POST', headers: {'x-access-token': sandbox.token}})
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes)
    expect((await call(sandbox, `/file/v1/${ME.id}+${BOB.id}/files/${done.file_id}`, {method: 'POST'})).status).toBe(404)
    expect((await call(sandbox, `/file/v1/${ALICE_CHAT}/files?name=empty.txt`, {method: 'POST', body: Buffer.alloc(0)})).status).toBe(400)
  })

  test('chat deletion clears the history for me and takes the chat off my list', async () => {
    sandbox.store.addUser({id: '61000002', name: 'Brief', avatar_url: null})
    sandbox.store.addMessages('61000002', 2)
    expect((await call(sandbox, `/v3/chats/${ME.id}+61000002`, {method: 'DELETE'})).status).toBe(204)
    expect(sandbox.store.chat('61000002')).toBeUndefined()
    expect((await call(sandbox, `/v3/chats/${ME.id}+61000002`, {method: 'DELETE'})).status).toBe(404)
  })
})
