import {afterAll, afterEach, beforeAll, describe, expect, test} from '@jest/globals'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ALICE, BOB, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {requestLines} from '../e2e/helpers/cli.js'
import {freshConfigDir, runInProcessOrSpawn as runCli} from '../helpers/run-in-process.js'

/** What the sandbox served last, as requests: `METHOD path?query`. */
const urls = (sandbox: Sandbox) => sandbox.requests.map((request) => `${request.method} ${request.url}`)
const chatWithAlice = (sandbox: Sandbox) => `${sandbox.meId}+${ALICE.id}`

describe('groupme api', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({shortPageEvery: 3})
  })
  afterAll(() => sandbox.close())
  afterEach(() => {
    // The token travels in its header only: never in any URL the sandbox received.
    for (const request of sandbox.requests) {
      expect(request.url).not.toContain(sandbox.token)
      expect(request.headers['x-access-token']).toBe(sandbox.token)
    }

    sandbox.resetRequests()
  })

  test('GET: the envelope\'s response, compact in a pipe; --json indents it', async () => {
    const result = await runCli(['api', 'users/me'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(JSON.parse(result.stdout)).toMatchObject({id: sandbox.meId, name: sandbox.store.me.name})
    const pretty = await runCli(['api', '/users/me', '--json'], {sandbox})
    expect(pretty.stdout).toContain('\n  "id": "93645911"')
    expect(urls(sandbox)).toEqual(['GET /v3/users/me', 'GET /v3/users/me'])
  })

  test('integers past 2^53 keep every digit, with and without --jq', async () => {
    const body = '{"response":{"id":174700000000000123,"nested":[{"big":-9007199254740993}]},"meta":{"code":200}}'
    sandbox.inject({method: 'GET', path: '/v3/users/me', kind: 'status', status: 200, body, times: 2})
    const plain = await runCli(['api', 'users/me'], {sandbox})
    expect(plain.stdout).toBe('{"id":174700000000000123,"nested":[{"big":-9007199254740993}]}\n')
    const filtered = await runCli(['api', 'users/me', '--jq', '.id'], {sandbox})
    expect(filtered.stdout).toBe('174700000000000123\n')
  })

  test('POST with typed and nested fields: the JSON body gh would build, sent once', async () => {
    const result = await runCli(
      [
        'api',
        'direct_messages',
        '-F', `direct_message[recipient_id]=${ALICE.id}`,
        '-f', 'direct_message[text]=sent through api',
        '-f', 'direct_message[source_guid]=api-guid-1',
        '-F', 'direct_message[attachments][][type]=location',
        '-F', 'direct_message[attachments][][lat]=40',
        '-f', 'direct_message[attachments][][name]=HQ',
        '-F', 'direct_message[attachments][][type]=emoji',
        '-F', 'direct_message[attachments][][charmap][]=1',
      ],
      {sandbox},
    )
    expect(result.code).toBe(0)
    expect(requestLines(sandbox)).toEqual(['POST /v3/direct_messages'])
    const [request] = sandbox.requests
    expect(request.headers['content-type']).toBe('application/json')
    expect(JSON.parse(request.body.toString())).toEqual({
      direct_message: {
        recipient_id: Number(ALICE.id),
        text: 'sent through api',
        source_guid: 'api-guid-1',
        attachments: [
          {type: 'location', lat: 40, name: 'HQ'},
          {type: 'emoji', charmap: [1]},
        ],
      },
    })
    const sent = JSON.parse(result.stdout).direct_message
    expect(sent.text).toBe('sent through api')
    expect(sandbox.store.messages(ALICE.id).at(-1)?.id).toBe(sent.id)
  })

  test('a POST is sent once: a 500 is not retried; a GET is', async () => {
    sandbox.inject({method: 'POST', path: '/v3/direct_messages', kind: 'status', status: 500})
    const post = await runCli(['api', 'direct_messages', '-f', 'direct_message[text]=x'], {sandbox})
    expect(post.code).toBe(1)
    expect(post.stderr).toMatch(/^Error: POST \/v3\/direct_messages: 500 .*server error/)
    expect(requestLines(sandbox)).toEqual(['POST /v3/direct_messages'])
    sandbox.resetRequests()
    sandbox.inject({method: 'GET', path: '/v3/users/me', kind: 'status', status: 503})
    const get = await runCli(['api', 'users/me'], {sandbox})
    expect(get.code).toBe(0)
    expect(requestLines(sandbox)).toEqual(['GET /v3/users/me', 'GET /v3/users/me'])
  })

  test('-F @file and --input FILE send a file; -H adds a header', async () => {
    const dir = freshConfigDir()
    writeFileSync(join(dir, 'text.txt'), 'from a file')
    writeFileSync(join(dir, 'body.json'), JSON.stringify({direct_message: {recipient_id: BOB.id, text: 'raw body', source_guid: 'api-guid-2'}}))
    const field = await runCli(['api', '-X', 'POST', 'direct_messages', '-F', `direct_message[recipient_id]=${BOB.id}`, '-F', `direct_message[text]=@${join(dir, 'text.txt')}`, '-f', 'direct_message[source_guid]=api-guid-3'], {sandbox})
    expect(field.code).toBe(0)
    expect(JSON.parse(field.stdout).direct_message.text).toBe('from a file')
    const input = await runCli(['api', 'direct_messages', '--input', join(dir, 'body.json'), '-H', 'X-Trace: e2e'], {sandbox})
    expect(input.code).toBe(0)
    expect(JSON.parse(input.stdout).direct_message.text).toBe('raw body')
    expect(sandbox.requests[1].headers['x-trace']).toBe('e2e')
    const stdin = await runCli(['api', 'POST', 'direct_messages', '--input', '-'], {sandbox, stdin: JSON.stringify({direct_message: {recipient_id: BOB.id, text: 'piped', source_guid: 'api-guid-4'}})})
    expect(JSON.parse(stdin.stdout).direct_message.text).toBe('piped')
  })

  test('DELETE: a chat\'s history cleared (204, nothing printed); a message deleted', async () => {
    const bobChat = `${BOB.id}+${sandbox.meId}`.split('+').sort((a, b) => Number(a) - Number(b)).join('+')
    const mine = sandbox.store.messages(ALICE.id).find((message) => message.sender_id === sandbox.meId && message.deleted_at === undefined)!
    const message = await runCli(['api', 'DELETE', `conversations/${chatWithAlice(sandbox)}/messages/${mine.id}`], {sandbox})
    expect(message.code).toBe(0)
    expect(message.stdout).toBe('')
    expect(mine.deleted_at).toBeDefined()
    const cleared = await runCli(['api', '-X', 'DELETE', `chats/${bobChat}`, '--include'], {sandbox})
    expect(cleared.code).toBe(0)
    expect(cleared.stdout).toMatch(/^HTTP\/1\.1 204 No Content\n/)
    expect(sandbox.store.chat(bobChat)).toBeUndefined()
    expect(urls(sandbox)).toEqual([`DELETE /v3/conversations/${chatWithAlice(sandbox)}/messages/${mine.id}`, `DELETE /v3/chats/${bobChat}`])
  })

  test('errors: the service\'s reason and the usual exit code', async () => {
    const missing = await runCli(['api', 'chats/1+2'], {sandbox})
    expect(missing.code).toBe(4)
    expect(missing.stderr).toBe('Error: GET /v3/chats/1+2: 404 chat not found (not found)\n')
    const silent = await runCli(['api', 'chats/1+2', '--silent'], {sandbox})
    expect(silent.code).toBe(4)
    expect(silent.stdout).toBe('')
    const refused = await runCli(['api', 'direct_messages', '-X', 'GET'], {sandbox})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('other_user_id is required')
  })

  test('--include prints the status line and headers first; --silent prints nothing; --raw the body as it came', async () => {
    const include = await runCli(['api', 'users/me', '-i'], {sandbox})
    const [head, body] = include.stdout.split('\n\n')
    expect(head.split('\n')[0]).toBe('HTTP/1.1 200 OK')
    expect(head).toContain('content-type: application/json; charset=utf-8')
    expect(JSON.parse(body).id).toBe(sandbox.meId)
    const silent = await runCli(['api', 'users/me', '--silent'], {sandbox})
    expect(silent.code).toBe(0)
    expect(silent.stdout).toBe('')
    const raw = await runCli(['api', 'users/me', '--raw'], {sandbox})
    expect(JSON.parse(raw.stdout)).toMatchObject({meta: {code: 200}, response: {id: sandbox.meId}})
  })

  test('--paginate by before_id: every message once across short pages; --slurp one array of pages', async () => {
    const history = sandbox.store.messages(ALICE.id).map((message) => message.id).reverse()
    const result = await runCli(['api', 'direct_messages', '-f', `other_user_id=${ALICE.id}`, '-F', 'limit=6', '--paginate'], {sandbox})
    expect(result.code).toBe(0)
    const pages = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    const ids = pages.flatMap((page: {direct_messages: Array<{id: string}>}) => page.direct_messages.map((message) => message.id))
    expect(ids).toEqual(history)
    // Some page came back short in the middle (the sandbox shortens every third), and paging went on.
    expect(pages.slice(0, -1).some((page: {direct_messages: unknown[]}) => page.direct_messages.length < 6)).toBe(true)
    expect(requestLines(sandbox).at(-1)).toBe('GET /v3/direct_messages')
    expect(urls(sandbox)[1]).toContain(`before_id=${pages[0].direct_messages.at(-1).id}`)

    sandbox.resetRequests()
    const slurped = await runCli(['api', 'direct_messages', '-f', `other_user_id=${ALICE.id}`, '-F', 'limit=6', '--paginate', '--slurp'], {sandbox})
    const array = JSON.parse(slurped.stdout)
    expect(Array.isArray(array)).toBe(true)
    expect(array.flatMap((page: {direct_messages: Array<{id: string}>}) => page.direct_messages.map((message) => message.id))).toEqual(history)
  })

  test('--paginate by page number goes on past a short page, to the empty one', async () => {
    const all = sandbox.store.chats()
    // The first page is served as usual, the second comes back short.
    sandbox.inject({method: 'GET', path: '/v3/chats', kind: 'delay', ms: 0})
    sandbox.inject({method: 'GET', path: '/v3/chats', kind: 'status', status: 200, body: JSON.stringify({response: [all[2]], meta: {code: 200}})})
    const result = await runCli(['api', 'chats', '-F', 'per_page=2', '--paginate', '--jq', '[.[].other_user.name]'], {sandbox})
    expect(result.code).toBe(0)
    const pages = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(pages[1]).toEqual([all[2].other_user.name])
    expect(pages.flat()).toEqual([all[0], all[1], all[2], ...all.slice(4)].map((chat) => chat.other_user.name))
    const pageCount = Math.ceil(all.length / 2)
    expect(urls(sandbox)).toEqual(['GET /v3/chats?per_page=2', ...Array.from({length: pageCount}, (_, index) => `GET /v3/chats?per_page=2&page=${index + 2}`)])
  })

  test('--paginate: a broken 200 in the middle is retried, never taken for the end', async () => {
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0})
    sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 200, body: '{}'})
    const result = await runCli(['api', 'direct_messages', '-f', `other_user_id=${ALICE.id}`, '-F', 'limit=10', '--paginate', '--slurp', '--jq', '[.[].direct_messages[]] | length'], {sandbox})
    expect(result.code).toBe(0)
    expect(Number(result.stdout)).toBe(sandbox.store.messages(ALICE.id).length)
  })

  test('hosts off the list, a token in the query and the token header are refused before anything is sent', async () => {
    for (const args of [
      ['api', 'https://example.com/v3/users/me'],
      ['api', 'http://api.groupme.com/v3/users/me'],
      ['api', 'users/me?token=abc'],
      ['api', '-X', 'GET', 'users/me', '-f', 'token=abc'],
      ['api', 'users/me', '-H', `X-Access-Token: ${'x'.repeat(40)}`],
      ['api', 'users/me', '--jq', '.['],
      ['api', 'POST', 'chats', '--paginate'],
    ]) {
      const result = await runCli(args, {sandbox})
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^Error: /)
    }

    expect(sandbox.requests).toHaveLength(0)
  })

  test('--jq: strings raw, a runtime error is exit 1 with jq\'s message', async () => {
    const names = await runCli(['api', 'chats', '--jq', '.[].other_user.name | select(startswith("A"))'], {sandbox})
    expect(names.stdout).toBe(`${ALICE.name}\n`)
    const failed = await runCli(['api', 'users/me', '--jq', '.name.first'], {sandbox})
    expect(failed.code).toBe(1)
    expect(failed.stderr).toBe('Error: --jq: error (at /dev/stdin:0): Cannot index string with string ("first")\n')
  })

  test('v4 read receipts, likes and blocks: endpoints no command covers', async () => {
    const last = sandbox.store.messages(ALICE.id).at(-1)!
    const receipt = await runCli(['api', 'POST', `v4/read_receipts/${chatWithAlice(sandbox)}`, '-f', `message_id=${last.id}`], {sandbox})
    expect(JSON.parse(receipt.stdout)).toEqual({conversation_id: chatWithAlice(sandbox), last_read_message_id: last.id, status: 'accepted'})
    const like = await runCli(['api', 'POST', `messages/${chatWithAlice(sandbox)}/${last.id}/like`], {sandbox})
    expect(like.code).toBe(0)
    expect(last.favorited_by).toContain(sandbox.meId)
    await runCli(['api', 'POST', `messages/${chatWithAlice(sandbox)}/${last.id}/unlike`], {sandbox})
    expect(last.favorited_by).not.toContain(sandbox.meId)
    const blocks = await runCli(['api', 'GET', 'blocks', '-f', `user=${sandbox.meId}`], {sandbox})
    expect(JSON.parse(blocks.stdout)).toEqual({blocks: []})
  })
})
