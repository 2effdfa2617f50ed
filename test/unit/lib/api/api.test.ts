import {describe, expect, test} from '@jest/globals'

import type {Endpoints} from '../../../../src/api/endpoints.js'
import {stringifyJson} from '../../../../src/base/json.js'
import type {RawAnswer} from '../../../../src/api/api.js'
import {UsageError} from '../../../../src/base/errors.js'
import {type FieldInput, jsonBody, parseFields, queryPairs, typedValue} from '../../../../src/lib/api/fields.js'
import {parseHeaders} from '../../../../src/lib/api/headers.js'
import {pageScheme, readPage} from '../../../../src/lib/api/paginate.js'
import {type ApiInput, planRequest} from '../../../../src/lib/api/request.js'
import {resolveTarget} from '../../../../src/lib/api/target.js'
import {rejectionOf, thrownBy} from '../../../helpers/errors.js'

const REAL: Endpoints = {
  api: 'https://api.groupme.com/v3',
  v2: 'https://v2.groupme.com',
  image: 'https://image.groupme.com',
  v4: 'https://api.groupme.com/v4',
  file: 'https://file.groupme.com/v1',
}
const LOCAL: Endpoints = {api: 'http://127.0.0.1:4000/v3', v2: 'http://127.0.0.1:4000/v2', image: 'http://127.0.0.1:4000/image', v4: 'http://127.0.0.1:4000/v4', file: 'http://127.0.0.1:4000/file/v1'}

const files: Record<string, string> = {'note.txt': 'from a file\n'}
const read = async (source: {file: string} | {stdin: true}) => ('stdin' in source ? 'from stdin' : files[source.file])

function usage(fn: () => unknown): string {
  const error = thrownBy(fn)
  expect(error).toBeInstanceOf(UsageError)
  return (error as Error).message
}

async function usageAsync(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise)
  expect(error).toBeInstanceOf(UsageError)
  return (error as Error).message
}

function fields(...texts: string[]): FieldInput[] {
  return texts.map((text) => (text.startsWith('F:') ? {typed: true, text: text.slice(2)} : {typed: false, text}))
}

describe('resolveTarget', () => {
  test.each([
    ['chats', 'https://api.groupme.com/v3/chats', 'api', '/chats'],
    ['/direct_messages?other_user_id=1', 'https://api.groupme.com/v3/direct_messages?other_user_id=1', 'api', '/direct_messages'],
    ['v3/users/me', 'https://api.groupme.com/v3/users/me', 'api', '/users/me'],
    ['v2/read_receipts', 'https://v2.groupme.com/read_receipts', 'v2', '/read_receipts'],
    ['/v4/read_receipts/1+2', 'https://api.groupme.com/v4/read_receipts/1+2', 'v4', '/read_receipts/1+2'],
    ['https://image.groupme.com/pictures', 'https://image.groupme.com/pictures', 'image', '/pictures'],
    ['https://api.groupme.com/v3/chats#x', 'https://api.groupme.com/v3/chats', 'api', '/chats'],
  ])('%s goes to %s', (path, url, base, below) => {
    const target = resolveTarget(path, REAL)
    expect(target.url.href).toBe(url)
    expect(target.base).toBe(base)
    expect(target.path).toBe(below)
  })

  test('configured base URLs are GroupMe hosts too, and the real hosts stay allowed', () => {
    expect(resolveTarget('chats', LOCAL).url.href).toBe('http://127.0.0.1:4000/v3/chats')
    expect(resolveTarget('http://127.0.0.1:4000/v2/read_receipts', LOCAL).base).toBe('v2')
    const real = resolveTarget('https://api.groupme.com/v3/direct_messages', LOCAL)
    expect(real.path).toBe('/direct_messages')
  })

  test.each([
    ['https://example.com/v3/chats', /not a GroupMe API host/],
    ['http://api.groupme.com/v3/chats', /not a GroupMe API host/],
    ['https://api.groupme.com.evil.example/v3/chats', /not a GroupMe API host/],
    ['https://user:pw@api.groupme.com/v3/chats', /user name or password/],
    ['http://127.0.0.1:4001/v3/chats', /not a GroupMe API host/],
    ['ftp://api.groupme.com/x', /not a GroupMe API host/],
    ['chats?token=abc', /"token" parameter is refused/],
    ['https://api.groupme.com/v3/chats?TOKEN=abc', /"TOKEN" parameter is refused/],
    ['../../etc', /leaves the API base/],
    ['', /PATH is empty/],
  ])('%s is refused', (path, message) => {
    expect(usage(() => resolveTarget(path, LOCAL))).toMatch(message)
  })
})

describe('fields', () => {
  test('typed values: true, false, null, integers; anything else is a string', () => {
    expect(typedValue('true')).toEqual({kind: 'boolean', value: true})
    expect(typedValue('null')).toEqual({kind: 'null'})
    expect(typedValue('-12')).toEqual({kind: 'number', digits: '-12'})
    expect(typedValue('1.5')).toEqual({kind: 'string', text: '1.5'})
    expect(typedValue('007')).toEqual({kind: 'string', text: '007'})
  })

  test('nested keys build the JSON body gh builds; an 18-digit id keeps every digit', async () => {
    const parsed = await parseFields(
      fields(
        'direct_message[text]=hi',
        'F:direct_message[recipient_id]=174700000000000123',
        'F:direct_message[attachments][][type]=location',
        'F:direct_message[attachments][][lat]=1',
        'F:direct_message[attachments][][type]=emoji',
        'F:direct_message[attachments][][charmap][]=2',
        'F:flags[]=true',
        'F:flags[]=null',
        'F:empty[]',
        'F:note=@note.txt',
        'F:piped=@-',
        'plain=@note.txt',
      ),
      read,
    )
    expect(stringifyJson(jsonBody(parsed))).toBe(
      '{"direct_message":{"text":"hi","recipient_id":174700000000000123,"attachments":[{"type":"location","lat":1},{"type":"emoji","charmap":[2]}]},' +
        '"flags":[true,null],"empty":[],"note":"from a file\\n","piped":"from stdin","plain":"@note.txt"}',
    )
  })

  test('GET fields are query pairs, keys as typed', async () => {
    const parsed = await parseFields(fields('other_user_id=1', 'F:limit=100', 'F:ids[]=5', 'F:gone=null'), read)
    expect(queryPairs(parsed)).toEqual([
      ['other_user_id', '1'],
      ['limit', '100'],
      ['ids[]', '5'],
      ['gone', ''],
    ])
  })

  test('a field without a value, a malformed key, a key given twice and @- twice are refused', async () => {
    expect(await usageAsync(parseFields(fields('text'), read))).toMatch(/has no value/)
    expect(await usageAsync(parseFields(fields('a[b=1'), read))).toMatch(/a key is a name/)
    expect(await usageAsync(parseFields(fields('F:a=@-', 'F:b=@-'), read))).toMatch(/@- can be read once/)
    const twice = await parseFields(fields('a=1', 'a[b]=2'), read)
    expect(usage(() => jsonBody(twice))).toMatch(/conflicts/)
  })
})

describe('headers', () => {
  test('Name: value pairs', () => {
    expect(parseHeaders(['Accept: text/plain', 'X-Thing:  two words '])).toEqual({Accept: 'text/plain', 'X-Thing': 'two words'})
  })

  test.each([['X-Access-Token: abc'], ['x-access-token: abc'], ['Authorization: Bearer x'], ['Host: evil.example'], ['Transfer-Encoding: chunked'], ['no colon'], [': empty name']])(
    '%s is refused',
    (line) => {
      usage(() => parseHeaders([line]))
    },
  )
})

function answer(status: number, body: unknown): RawAnswer {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return {status, statusText: '', httpVersion: '1.1', headers: {}, body: Buffer.from(text)}
}

const envelope = (response: unknown) => ({response, meta: {code: 200}})

describe('pagination', () => {
  const dms = resolveTarget('direct_messages?other_user_id=1', REAL)
  const chats = resolveTarget('chats', REAL)

  test('schemes: page for /chats and /groups, before_id for /direct_messages and group messages, page when asked', () => {
    expect(pageScheme(chats, chats.url.searchParams)).toEqual({kind: 'page'})
    expect(pageScheme(dms, dms.url.searchParams)).toEqual({kind: 'before_id', listKey: 'direct_messages'})
    const group = resolveTarget('groups/123/messages', REAL)
    expect(pageScheme(group, group.url.searchParams)).toEqual({kind: 'before_id', listKey: 'messages'})
    const other = resolveTarget('something?page=3', REAL)
    expect(pageScheme(other, other.url.searchParams)).toEqual({kind: 'page'})
    const unknown = resolveTarget('users/me', REAL)
    expect(usage(() => pageScheme(unknown, unknown.url.searchParams))).toMatch(/does not know how "\/users\/me" is paged/)
  })

  test('before_id: the next cursor is the last id, kept whole; a short page goes on; a 304 or an empty list ends', () => {
    const scheme = {kind: 'before_id', listKey: 'direct_messages'} as const
    const query = new URLSearchParams('other_user_id=1')
    const short = readPage(scheme, answer(200, `{"response":{"count":9,"direct_messages":[{"id":174700000000000125},{"id":174700000000000123}]},"meta":{"code":200}}`), query)
    expect(short).toMatchObject({kind: 'page', next: [['before_id', '174700000000000123']]})
    expect(readPage(scheme, answer(304, undefined), query)).toEqual({kind: 'end'})
    expect(readPage(scheme, answer(200, envelope({count: 9, direct_messages: []})), query)).toEqual({kind: 'end'})
  })

  test('page: the next page number; an empty list ends', () => {
    const scheme = {kind: 'page'} as const
    expect(readPage(scheme, answer(200, envelope([{id: 1}])), new URLSearchParams('page=4'))).toMatchObject({next: [['page', '5']]})
    expect(readPage(scheme, answer(200, envelope([{id: 1}])), new URLSearchParams())).toMatchObject({next: [['page', '2']]})
    expect(readPage(scheme, answer(200, envelope([])), new URLSearchParams())).toEqual({kind: 'end'})
  })

  test.each([
    ['an empty 200', answer(200, undefined), /empty body/],
    ['{}', answer(200, {}), /direct_messages is null/],
    ['a null response', answer(200, envelope(null)), /not an object/],
    ['direct_messages not a list', answer(200, envelope({direct_messages: {}})), /not a list/],
    ['HTML', answer(200, '<html>'), /not JSON/],
    ['a message without an id', answer(200, envelope({direct_messages: [{text: 'x'}]})), /no numeric id/],
    ['a page that does not move back', answer(200, envelope({direct_messages: [{id: '900'}]})), /does not go back/],
  ])('a broken before_id page (%s) is broken, never the end', (_name, broken, reason) => {
    const step = readPage({kind: 'before_id', listKey: 'direct_messages'}, broken, new URLSearchParams('before_id=800'))
    expect(step.kind).toBe('broken')
    expect(step.kind === 'broken' && step.reason).toMatch(reason)
  })

  test('a page-numbered answer that is not a list is broken', () => {
    expect(readPage({kind: 'page'}, answer(200, envelope({})), new URLSearchParams()).kind).toBe('broken')
  })
})

describe('planRequest', () => {
  const plan = (input: Partial<ApiInput>) =>
    planRequest({args: ['chats'], fields: [], headers: [], paginate: false, ...input}, LOCAL, read, async (source) => Buffer.from('stdin' in source ? '{"from":"stdin"}' : '{}'))

  test('GET by default; POST with fields; the method as METHOD or -X', async () => {
    expect((await plan({})).method).toBe('GET')
    const post = await plan({args: ['direct_messages'], fields: fields('a=1')})
    expect(post.method).toBe('POST')
    expect(post.body?.toString()).toBe('{"a":"1"}')
    expect(post.contentType).toBe('application/json')
    expect((await plan({args: ['delete', 'chats/1+2']})).method).toBe('DELETE')
    expect((await plan({args: ['chats/1+2'], method: 'delete'})).method).toBe('DELETE')
    expect(await usageAsync(plan({args: ['GET', 'chats'], method: 'POST'}))).toMatch(/given twice/)
    expect(await usageAsync(plan({args: ['FETCH', 'chats']}))).toMatch(/not a method/)
  })

  test('GET fields and --input fields go to the query string; a token field is refused', async () => {
    const get = await plan({args: ['direct_messages'], method: 'GET', fields: fields('other_user_id=7')})
    expect(get.target.url.search).toBe('?other_user_id=7')
    expect(get.body).toBeUndefined()
    const input = await plan({args: ['direct_messages'], fields: fields('x=1'), input: '-'})
    expect(input.method).toBe('POST')
    expect(input.target.url.search).toBe('?x=1')
    expect(input.body?.toString()).toBe('{"from":"stdin"}')
    expect(await usageAsync(plan({method: 'GET', fields: fields('token=abc')}))).toMatch(/refused/)
    expect(await usageAsync(plan({fields: fields('F:a=@-'), input: '-'}))).toMatch(/both read stdin/)
  })

  test('--paginate pages GETs: fields stay a query, another method is refused, an unknown endpoint is refused', async () => {
    const paged = await plan({args: ['direct_messages'], fields: fields('other_user_id=7'), paginate: true})
    expect(paged.method).toBe('GET')
    expect(paged.scheme).toEqual({kind: 'before_id', listKey: 'direct_messages'})
    expect(await usageAsync(plan({args: ['POST', 'chats'], paginate: true}))).toMatch(/pages GET requests/)
    expect(await usageAsync(plan({args: ['users/me'], paginate: true}))).toMatch(/does not know/)
  })

  test('-H Content-Type replaces the JSON default', async () => {
    const plain = await plan({args: ['POST', 'x'], input: 'f', headers: ['Content-Type: text/plain']})
    expect(plain.contentType).toBeUndefined()
    expect(plain.headers).toEqual({'Content-Type': 'text/plain'})
  })
})
