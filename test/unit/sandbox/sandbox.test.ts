import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {
  ALICE,
  BENCH_PARTNER,
  BOB,
  CAROL,
  type Chat,
  type DirectMessage,
  MALLORY,
  ME,
  type ReadReceipt,
  type Sandbox,
  SandboxStore,
  startSandbox,
} from '../../../src/sandbox/index.js'
import {waitFor} from '../../helpers/wait.js'

interface Envelope<T> {
  response: T
  meta: {code: number; errors?: string[]}
}

interface MessagePage {
  count: number
  direct_messages: DirectMessage[]
  read_receipt?: ReadReceipt
}

interface RequestOptions {
  method?: string
  json?: unknown
  body?: Buffer | string
  headers?: Record<string, string>
  token?: string | null
}

const ALICE_CHAT = `${ME.id}+${ALICE.id}`

function call(sandbox: Sandbox, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {...options.headers}
  const token = options.token === undefined ? sandbox.token : options.token
  if (token !== null) headers['x-access-token'] = token
  let body = options.body
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  }

  return fetch(`${sandbox.url}${path}`, {method: options.method ?? 'GET', headers, body})
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T
}

async function page(sandbox: Sandbox, query: string): Promise<{status: number; text: string; body?: MessagePage}> {
  const response = await call(sandbox, `/v3/direct_messages?${query}`)
  const text = await response.text()
  if (response.status !== 200) return {status: response.status, text}
  return {status: response.status, text, body: (JSON.parse(text) as Envelope<MessagePage>).response}
}

/** Walk a whole conversation with before_id, stopping on 304 (not on a short page). */
async function walk(sandbox: Sandbox, otherUserId: string, limit: number): Promise<{ids: string[]; sizes: number[]}> {
  const ids: string[] = []
  const sizes: number[] = []
  let before = ''
  for (;;) {
    const result = await page(sandbox, `other_user_id=${otherUserId}&limit=${limit}${before && `&before_id=${before}`}`)
    if (result.status === 304) return {ids, sizes}
    const messages = result.body!.direct_messages
    sizes.push(messages.length)
    ids.push(...messages.map((message) => message.id))
    before = messages[messages.length - 1].id
  }
}

function send(sandbox: Sandbox, directMessage: Record<string, unknown>): Promise<Response> {
  return call(sandbox, '/v3/direct_messages', {method: 'POST', json: {direct_message: directMessage}})
}

const isDescending = (ids: string[]): boolean => ids.every((id, i) => i === 0 || BigInt(ids[i - 1]) > BigInt(id))

describe('sandbox', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  describe('auth and envelope', () => {
    test('a missing, wrong or query-string token is a 401 envelope', async () => {
      const unauthorized = {response: null, meta: {code: 401, errors: ['unauthorized']}}
      for (const response of [
        await call(sandbox, '/v3/users/me', {token: null}),
        await call(sandbox, '/v3/users/me', {token: 'x'.repeat(40)}),
        await call(sandbox, `/v3/users/me?token=${sandbox.token}`, {token: null}),
      ]) {
        expect(response.status).toBe(401)
        expect(await response.json()).toEqual(unauthorized)
      }
    })

    test('users/me answers in the envelope', async () => {
      const response = await call(sandbox, '/v3/users/me')
      expect(response.status).toBe(200)
      const body = await json<Envelope<{id: string; user_id: string; name: string}>>(response)
      expect(body.meta).toEqual({code: 200})
      expect(body.response).toMatchObject({id: '93645911', user_id: '93645911', name: 'Sandbox Me'})
      expect(sandbox.meId).toBe('93645911')
    })

    test('env points the CLI at the sandbox', () => {
      expect(sandbox.env).toEqual({
        GROUPME_API_URL: `${sandbox.url}/v3`,
        GROUPME_V2_URL: `${sandbox.url}/v2`,
        GROUPME_IMAGE_URL: `${sandbox.url}/image`,
        GROUPME_V4_URL: `${sandbox.url}/v4`,
        GROUPME_FILE_URL: `${sandbox.url}/file/v1`,
        GROUPME_PUSH_URL: `${sandbox.url}/faye`,
        GROUPME_TOKEN: sandbox.token,
        GROUPME_MAX_RPS: '0',
      })
      expect(sandbox.token).toHaveLength(40)
    })

    test('anything else is a 404 envelope', async () => {
      const response = await call(sandbox, '/v3/groups')
      expect(response.status).toBe(404)
      expect(await json<Envelope<null>>(response)).toMatchObject({response: null, meta: {code: 404}})
    })

    test('every request is recorded, and the record can be reset', async () => {
      sandbox.resetRequests()
      await call(sandbox, '/v3/chats?per_page=2', {token: null})
      expect(sandbox.requests).toEqual([
        expect.objectContaining({method: 'GET', path: '/v3/chats', query: 'per_page=2', url: '/v3/chats?per_page=2'}),
      ])
    })
  })

  describe('seed data', () => {
    test("Alice's conversation holds every kind of message the clients must handle", () => {
      const messages = sandbox.store.messages(ALICE.id)
      expect(messages.length).toBeGreaterThanOrEqual(30)
      const types = new Set(messages.flatMap((message) => message.attachments.map((attachment) => attachment.type)))
      for (const type of ['image', 'location', 'reply', 'mentions', 'file', 'poll', 'event', 'video', 'copilot']) {
        expect(types).toContain(type)
      }

      expect(messages.some((message) => message.text === null)).toBe(true)
      expect(messages.some((message) => message.sender_type === 'system')).toBe(true)
      expect(messages.some((message) => message.deleted_at !== undefined && message.deletion_actor === 'sender')).toBe(true)
      expect(messages.some((message) => message.text?.includes('\u001b[31m'))).toBe(true)
      expect(messages.some((message) => message.attachments.some((a) => a.type === 'mentions' && JSON.stringify(a).includes('"-1"')))).toBe(
        true,
      )
      expect(messages.every((message) => /^\d{18}$/.test(message.id) && message.id.startsWith(String(message.created_at)))).toBe(true)
      expect(messages.every((message) => message.conversation_id === ALICE_CHAT)).toBe(true)
    })

    test('ids are unique across the store and increase with created_at', () => {
      const all = sandbox.store.chats().flatMap((chat) => [...sandbox.store.messages(String(chat.other_user.id))])
      expect(new Set(all.map((message) => message.id)).size).toBe(all.length)
      for (const chat of sandbox.store.chats()) {
        const messages = sandbox.store.messages(String(chat.other_user.id))
        expect(isDescending(messages.map((message) => message.id).reverse())).toBe(true)
        expect(messages.every((message, i) => i === 0 || message.created_at >= messages[i - 1].created_at)).toBe(true)
      }
    })

    test('a seeded image attachment downloads from the sandbox without a token', async () => {
      const image = sandbox.store
        .messages(ALICE.id)
        .flatMap((message) => message.attachments)
        .find((attachment) => attachment.type === 'image' && attachment.blur_hash)
      expect(image?.url).toMatch(new RegExp(`^${sandbox.url}/image/files/`))
      const response = await fetch(String(image?.url))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/png')
      expect(Buffer.from(await response.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG')
    })
  })

  describe('chats', () => {
    test('are sorted by updated_at, newest first, and paged', async () => {
      const all = (await json<Envelope<Chat[]>>(await call(sandbox, '/v3/chats'))).response
      expect(all.map((chat) => chat.updated_at)).toEqual([...all.map((chat) => chat.updated_at)].sort((a, b) => b - a))
      expect(String(all[0].other_user.id)).toBe(ALICE.id)
      const second = (await json<Envelope<Chat[]>>(await call(sandbox, '/v3/chats?page=2&per_page=2'))).response
      expect(second).toEqual(all.slice(2, 4))
      expect((await json<Envelope<Chat[]>>(await call(sandbox, '/v3/chats?page=9'))).response).toEqual([])
    })

    test('one chat has the legacy numeric other_user.id, the rest strings', async () => {
      const all = (await json<Envelope<Chat[]>>(await call(sandbox, '/v3/chats'))).response
      expect(all.filter((chat) => typeof chat.other_user.id === 'number').map((chat) => chat.other_user.id)).toEqual([Number(CAROL.id)])
      const alice = all.find((chat) => chat.other_user.id === ALICE.id)
      expect(alice).toMatchObject({message_deletion_mode: ['sender'], message_edit_period: 15, unread_count: null})
    })

    test('a chat is found by compound id with + raw or %2B, in either order', async () => {
      for (const id of [ALICE_CHAT, `${ME.id}%2B${ALICE.id}`, `${ALICE.id}+${ME.id}`]) {
        const response = await call(sandbox, `/v3/chats/${id}`)
        expect(response.status).toBe(200)
        expect((await json<Envelope<Chat>>(response)).response.last_message.conversation_id).toBe(ALICE_CHAT)
      }

      expect((await call(sandbox, `/v3/chats/${ME.id}+999`)).status).toBe(404)
    })

    test('per_page above 100 is clamped to 100', async () => {
      const crowded = await startSandbox({seed: false})
      try {
        for (let i = 0; i < 120; i++) {
          crowded.store.addUser({id: String(300_000_000 + i), name: `User ${i}`, avatar_url: null})
          crowded.store.addMessages(String(300_000_000 + i), 1)
        }

        const chats = (await json<Envelope<Chat[]>>(await call(crowded, '/v3/chats?per_page=500'))).response
        expect(chats).toHaveLength(100)
      } finally {
        await crowded.close()
      }
    })
  })

  describe('direct_messages', () => {
    test('the default page is the newest 20, newest first, with the lifetime count', async () => {
      const {body} = await page(sandbox, `other_user_id=${ALICE.id}`)
      const stored = sandbox.store.messages(ALICE.id)
      expect(body?.count).toBe(stored.length)
      expect(body?.direct_messages.map((message) => message.id)).toEqual(
        stored
          .slice(-20)
          .map((message) => message.id)
          .reverse(),
      )
    })

    test('read_receipt comes on some conversations and not on others', async () => {
      expect((await page(sandbox, `other_user_id=${ALICE.id}`)).body?.read_receipt).toMatchObject({chat_id: ALICE_CHAT, user_id: ME.id})
      expect((await page(sandbox, `other_user_id=${MALLORY.id}`)).body).not.toHaveProperty('read_receipt')
    })

    test('after_id answers the next messages in ascending order', async () => {
      const stored = sandbox.store.messages(ALICE.id)
      const {body} = await page(sandbox, `other_user_id=${ALICE.id}&after_id=${stored[3].id}&limit=5`)
      expect(body?.direct_messages.map((message) => message.id)).toEqual(stored.slice(4, 9).map((message) => message.id))
    })

    test('since_id at the newest message is a 304 with an empty body', async () => {
      const stored = sandbox.store.messages(ALICE.id)
      const result = await page(sandbox, `other_user_id=${ALICE.id}&since_id=${stored[stored.length - 1].id}`)
      expect(result).toEqual({status: 304, text: ''})
    })

    test('an unknown other user is a 404, a missing one or a bad cursor a 400', async () => {
      expect((await page(sandbox, 'other_user_id=999')).status).toBe(404)
      expect((await page(sandbox, 'limit=5')).status).toBe(400)
      expect((await page(sandbox, `other_user_id=${ALICE.id}&before_id=abc`)).status).toBe(400)
    })

    test('since_id returns the newest `limit` after the id, skipping the ones in between', async () => {
      const quirky = await startSandbox()
      try {
        const old = quirky.store.messages(BOB.id)
        const oldNewest = old[old.length - 1].id
        const arrived = quirky.store.addMessages(BOB.id, 150, {text: (i) => `arrival ${i}`})
        expect(arrived).toHaveLength(150)
        const {body} = await page(quirky, `other_user_id=${BOB.id}&since_id=${oldNewest}&limit=100`)
        expect(body?.direct_messages.map((message) => message.id)).toEqual(
          arrived
            .slice(50)
            .map((message) => message.id)
            .reverse(),
        )
        // the 50 skipped ones are reached by paging back with before_id
        const {body: back} = await page(quirky, `other_user_id=${BOB.id}&before_id=${arrived[50].id}&limit=100`)
        expect(back?.direct_messages.slice(0, 50).map((message) => message.text)).toEqual(
          arrived
            .slice(0, 50)
            .map((message) => message.text)
            .reverse(),
        )
      } finally {
        await quirky.close()
      }
    })

    test('before_id walks the whole history through short pages', async () => {
      const shorty = await startSandbox({shortPageEvery: 2})
      try {
        const {ids, sizes} = await walk(shorty, ALICE.id, 6)
        expect(ids).toEqual(
          shorty.store
            .messages(ALICE.id)
            .map((message) => message.id)
            .reverse(),
        )
        expect(sizes.slice(0, -1).some((size) => size < 6)).toBe(true)
        expect(sizes[1]).toBe(3)
      } finally {
        await shorty.close()
      }
    })
  })

  describe('sending', () => {
    test('a send answers 201 under `direct_message` and updates the chat', async () => {
      const before = sandbox.store.chat(BOB.id)!
      const response = await send(sandbox, {source_guid: 'guid-send-1', recipient_id: BOB.id, text: 'hello Bob', attachments: []})
      expect(response.status).toBe(201)
      const body = await json<Envelope<{direct_message: DirectMessage}>>(response)
      expect(body.meta).toEqual({code: 201})
      const message = body.response.direct_message
      expect(message).toMatchObject({
        source_guid: 'guid-send-1',
        recipient_id: BOB.id,
        sender_id: ME.id,
        user_id: ME.id,
        sender_type: 'user',
        conversation_id: `${BOB.id}+${ME.id}`,
        text: 'hello Bob',
        favorited_by: [],
        pinned_at: null,
        pinned_by: '',
      })
      expect(message.id).toMatch(/^\d{18}$/)
      expect(message.id.startsWith(String(message.created_at))).toBe(true)
      expect(BigInt(message.id)).toBeGreaterThan(BigInt(before.last_message.id))
      const after = sandbox.store.chat(BOB.id)!
      expect(after.last_message.id).toBe(message.id)
      expect(after.messages_count).toBe(before.messages_count + 1)
      expect(after.updated_at).toBe(message.created_at)
    })

    test('a reused source_guid is a 409 and stores nothing more', async () => {
      const first = await send(sandbox, {source_guid: 'guid-dup', recipient_id: BOB.id, text: 'once'})
      expect(first.status).toBe(201)
      const again = await send(sandbox, {source_guid: 'guid-dup', recipient_id: BOB.id, text: 'once'})
      expect(again.status).toBe(409)
      expect(sandbox.store.countBySourceGuid('guid-dup')).toBe(1)
    })

    test('a source_guid can be used again after a minute', () => {
      let now = 1_790_000_000_000
      const store = new SandboxStore(ME, 'http://sandbox', () => now)
      store.addUser(BOB)
      expect(store.send(BOB.id, 'g', 'one', [])).toBeDefined()
      now += 59_000
      expect(store.send(BOB.id, 'g', 'two', [])).toBeUndefined()
      now += 1_000
      expect(store.send(BOB.id, 'g', 'three', [])).toBeDefined()
    })

    test('bad input is a 400', async () => {
      const cases: Array<Buffer | string | Record<string, unknown>> = [
        'not json',
        {source_guid: 'g400a', recipient_id: BOB.id, text: ''},
        {source_guid: 'g400b', recipient_id: BOB.id, text: '   ', attachments: []},
        {source_guid: 'g400c', recipient_id: BOB.id, text: 'x'.repeat(1001)},
        {recipient_id: BOB.id, text: 'no guid'},
        {source_guid: 'g400d', text: 'no recipient'},
      ]
      for (const item of cases) {
        const response =
          typeof item === 'string'
            ? await call(sandbox, '/v3/direct_messages', {method: 'POST', body: item})
            : await send(sandbox, item as Record<string, unknown>)
        expect(response.status).toBe(400)
        expect((await json<Envelope<null>>(response)).meta.errors).toHaveLength(1)
      }
    })

    test('1,000 characters, or attachments without text, are accepted', async () => {
      expect((await send(sandbox, {source_guid: 'g1000', recipient_id: BOB.id, text: 'é'.repeat(1000)})).status).toBe(201)
      const response = await send(sandbox, {source_guid: 'gatt', recipient_id: BOB.id, attachments: [{type: 'location', lat: '1', lng: '2'}]})
      expect(response.status).toBe(201)
      expect((await json<Envelope<{direct_message: DirectMessage}>>(response)).response.direct_message.text).toBeNull()
    })

    test('an unknown recipient is a 404; a first message creates the chat', async () => {
      expect((await send(sandbox, {source_guid: 'g404', recipient_id: '999', text: 'hi'})).status).toBe(404)
      sandbox.store.addUser({id: '61000001', name: 'Newcomer', avatar_url: null})
      expect(sandbox.store.chat('61000001')).toBeUndefined()
      expect((await send(sandbox, {source_guid: 'gnew', recipient_id: 61_000_001, text: 'welcome'})).status).toBe(201)
      expect(sandbox.store.chat('61000001')).toMatchObject({messages_count: 1, other_user: {id: '61000001'}})
    })
  })

  describe('deleting', () => {
    test('my own message: 204 with no body, then a tombstone in history, then 404', async () => {
      const mine = sandbox.store.messages(ALICE.id).find((message) => message.text === 'Draft: ignore this one')!
      const path = `/v3/conversations/${ALICE_CHAT}/messages/${mine.id}`
      const response = await call(sandbox, path, {method: 'DELETE'})
      expect(response.status).toBe(204)
      expect(await response.text()).toBe('')
      expect(sandbox.store.messages(ALICE.id).find((message) => message.id === mine.id)).toMatchObject({
        text: 'This message was deleted',
        deletion_actor: 'sender',
        deleted_at: expect.any(Number),
      })
      expect((await call(sandbox, path, {method: 'DELETE'})).status).toBe(404)
    })

    test('the conversation id must be numerically sorted and include me', async () => {
      const mine = sandbox.store.messages(ALICE.id).find((message) => message.text === "Let's ship it Monday.")!
      expect((await call(sandbox, `/v3/conversations/${ALICE.id}+${ME.id}/messages/${mine.id}`, {method: 'DELETE'})).status).toBe(404)
      expect((await call(sandbox, `/v3/conversations/${BOB.id}+${ALICE.id}/messages/${mine.id}`, {method: 'DELETE'})).status).toBe(404)
      expect((await call(sandbox, `/v3/conversations/${BOB.id}+${ME.id}/messages/${mine.id}`, {method: 'DELETE'})).status).toBe(404)
      expect((await call(sandbox, `/v3/conversations/${ME.id}%2B${ALICE.id}/messages/${mine.id}`, {method: 'DELETE'})).status).toBe(204)
    })

    test("someone else's message is a 403", async () => {
      const hers = sandbox.store.messages(ALICE.id).find((message) => message.text === 'Are we still on for Monday?')!
      const response = await call(sandbox, `/v3/conversations/${ALICE_CHAT}/messages/${hers.id}`, {method: 'DELETE'})
      expect(response.status).toBe(403)
      expect((await json<Envelope<null>>(response)).meta.errors).toEqual(['you can only delete your own messages'])
      expect(hers.deleted_at).toBeUndefined()
    })
  })

  describe('read receipts', () => {
    test('answer a bare read_receipt, and never move back to an older message', async () => {
      const messages = sandbox.store.messages(MALLORY.id)
      const newest = messages[messages.length - 1]
      const chatId = newest.conversation_id
      const post = (messageId: string) =>
        call(sandbox, '/v2/read_receipts', {method: 'POST', json: {read_receipt: {message_id: messageId, chat_id: chatId}}})

      const response = await post(newest.id)
      expect(response.status).toBe(200)
      const body = await json<{read_receipt: ReadReceipt}>(response)
      expect(Object.keys(body)).toEqual(['read_receipt'])
      expect(body.read_receipt).toEqual({id: newest.id, chat_id: chatId, message_id: newest.id, user_id: ME.id, read_at: expect.any(Number)})

      const older = await json<{read_receipt: ReadReceipt}>(await post(messages[0].id))
      expect(older.read_receipt.message_id).toBe(newest.id)
      expect(sandbox.store.chat(MALLORY.id)?.last_read_message_id).toBe(newest.id)
      expect((await page(sandbox, `other_user_id=${MALLORY.id}`)).body?.read_receipt?.message_id).toBe(newest.id)
    })

    test('unknown chat or message is a 404, invalid JSON a 400', async () => {
      const message = sandbox.store.messages(MALLORY.id)[0]
      const post = (body: unknown) => call(sandbox, '/v2/read_receipts', {method: 'POST', json: body})
      expect((await post({read_receipt: {message_id: message.id, chat_id: `${ME.id}+999`}})).status).toBe(404)
      expect((await post({read_receipt: {message_id: '123', chat_id: message.conversation_id}})).status).toBe(404)
      expect((await call(sandbox, '/v2/read_receipts', {method: 'POST', body: '{"read_receipt": {},}'})).status).toBe(400)
    })
  })

  describe('images', () => {
    test('an upload answers a payload URL that serves the bytes without a token', async () => {
      const bytes = Buffer.from('GIF89a fake image bytes')
      const response = await call(sandbox, '/image/pictures', {method: 'POST', body: bytes, headers: {'content-type': 'image/gif'}})
      expect(response.status).toBe(200)
      const {payload} = await json<{payload: {url: string; picture_url: string}}>(response)
      expect(payload.picture_url).toBe(payload.url)
      expect(payload.url.startsWith(`${sandbox.url}/image/files/`)).toBe(true)
      expect(sandbox.store.images.get(payload.url.split('/').pop()!)?.bytes.equals(bytes)).toBe(true)

      const download = await fetch(payload.url)
      expect(download.headers.get('content-type')).toBe('image/gif')
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true)
    })

    test('an empty upload is a 400; an upload without the token a 401', async () => {
      expect((await call(sandbox, '/image/pictures', {method: 'POST', body: Buffer.alloc(0)})).status).toBe(400)
      expect((await call(sandbox, '/image/pictures', {method: 'POST', body: Buffer.from('x'), token: null})).status).toBe(401)
    })
  })

  describe('faults', () => {
    test('status: answers the status with its headers, `times` times, then normally', async () => {
      sandbox.resetRequests()
      sandbox.inject({kind: 'status', status: 429, headers: {'Retry-After': '2'}, path: '/v3/users/me', times: 2})
      for (let i = 0; i < 2; i++) {
        const response = await call(sandbox, '/v3/users/me')
        expect(response.status).toBe(429)
        expect(response.headers.get('retry-after')).toBe('2')
        expect(await json<Envelope<null>>(response)).toMatchObject({response: null, meta: {code: 429}})
      }

      expect((await call(sandbox, '/v3/users/me')).status).toBe(200)
      expect(sandbox.requests).toHaveLength(3)
    })

    test('status: matches on method and path (string or RegExp), with a raw body', async () => {
      sandbox.inject({kind: 'status', status: 503, method: 'post', path: /direct_messages$/, body: 'busy'})
      expect((await page(sandbox, `other_user_id=${ALICE.id}`)).status).toBe(200)
      const response = await send(sandbox, {source_guid: 'g503', recipient_id: BOB.id, text: 'later'})
      expect(response.status).toBe(503)
      expect(await response.text()).toBe('busy')
      expect(sandbox.store.countBySourceGuid('g503')).toBe(0)
    })

    test('reset: the socket dies and nothing is done', async () => {
      sandbox.inject({kind: 'reset', method: 'POST'})
      await expect(send(sandbox, {source_guid: 'g-reset', recipient_id: BOB.id, text: 'lost'})).rejects.toThrow()
      expect(sandbox.store.countBySourceGuid('g-reset')).toBe(0)
      expect(sandbox.requests[sandbox.requests.length - 1].body.toString()).toContain('g-reset')
    })

    test('drop-after-commit: the message is stored, the retry gets 409, exactly one is kept', async () => {
      sandbox.inject({kind: 'drop-after-commit', path: '/v3/direct_messages'})
      const message = {source_guid: 'g-drop', recipient_id: BOB.id, text: 'sent once'}
      await expect(send(sandbox, message)).rejects.toThrow()
      expect((await send(sandbox, message)).status).toBe(409)
      expect(sandbox.store.countBySourceGuid('g-drop')).toBe(1)
    })

    test('delay: the answer is held back while later requests are answered, then sent as it would have been', async () => {
      sandbox.resetRequests()
      const normal = await json<Envelope<unknown>>(await call(sandbox, '/v3/users/me'))
      sandbox.inject({kind: 'delay', ms: 600_000, path: '/v3/users/me'})
      let answered = false
      const held = call(sandbox, '/v3/users/me').then((response) => {
        answered = true
        return response
      })
      await waitFor(() => sandbox.requests.length === 2)
      // A request made after it is answered; the held one still is not.
      expect((await call(sandbox, '/v3/chats')).status).toBe(200)
      expect(answered).toBe(false)

      sandbox.releaseDelays()
      const response = await held
      expect(response.status).toBe(200)
      expect(await json<Envelope<unknown>>(response)).toEqual(normal)
    })

    test('delay: when its time is up, the answer goes by itself', async () => {
      sandbox.inject({kind: 'delay', ms: 1})
      expect((await call(sandbox, '/v3/users/me')).status).toBe(200)
    })

    test('randomFaults are deterministic for a seed and switch off at rate 0', async () => {
      const statuses = async (): Promise<number[]> => {
        const seen: number[] = []
        for (let i = 0; i < 40; i++) seen.push((await call(sandbox, '/v3/users/me')).status)
        return seen
      }

      sandbox.randomFaults({rate: 0.5, seed: 42})
      const first = await statuses()
      sandbox.randomFaults({rate: 0.5, seed: 42})
      expect(await statuses()).toEqual(first)
      expect(first).toContain(200)
      expect(first.filter((status) => status !== 200).every((status) => [429, 500, 502, 503].includes(status))).toBe(true)
      expect(first.some((status) => status !== 200)).toBe(true)

      sandbox.randomFaults({rate: 1, statuses: [420], seed: 7})
      expect((await call(sandbox, '/v3/users/me')).status).toBe(420)
      sandbox.randomFaults({rate: 0})
      expect(new Set(await statuses())).toEqual(new Set([200]))
    })
  })
})

describe('a generated 100,000-message conversation', () => {
  let bench: Sandbox
  beforeAll(async () => {
    bench = await startSandbox({seed: false, messages: 100_000, shortPageEvery: 7})
  })
  afterAll(() => bench.close())

  test('pages completely and in order with before_id, short pages included', async () => {
    const {ids, sizes} = await walk(bench, BENCH_PARTNER.id, 100)
    expect(ids).toHaveLength(100_000)
    expect(isDescending(ids)).toBe(true)
    expect(sizes.filter((size) => size === 50).length).toBeGreaterThan(100)
  })

  test('the chat reports the whole count, and limit is clamped to 100', async () => {
    const {body} = await page(bench, `other_user_id=${BENCH_PARTNER.id}&limit=500`)
    expect(body?.count).toBe(100_000)
    expect(body?.direct_messages.length).toBeLessThanOrEqual(100)
    expect(bench.store.chat(BENCH_PARTNER.id)?.messages_count).toBe(100_000)
  })
})
