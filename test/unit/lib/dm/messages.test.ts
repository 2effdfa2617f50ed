import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {mkdir, truncate, writeFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {Readable} from 'node:stream'

import type {Attachment} from '../../../../src/api/api.js'
import {type CliError, UsageError} from '../../../../src/base/errors.js'
import {
  type AttachmentSpec,
  parseAttachments,
  parseLocation,
  previewAttachments,
  resolveAttachments,
} from '../../../../src/lib/dm/attachments.js'
import {checkText, MAX_TEXT_LENGTH, messageTextFrom} from '../../../../src/lib/dm/compose.js'
import {MAX_IMAGE_UPLOAD_BYTES} from '../../../../src/api/client.js'
import {sniffImageType} from '../../../../src/lib/dm/image-file.js'
import {historyPages, MAX_PAGE_SIZE, pagesAfter, pagesSince, queryPages} from '../../../../src/lib/dm/pager.js'
import {collect, conversation, type Conversation, emptyAt, ids, inclusiveCursor, shortPages, shuffledAfterId} from '../../helpers/conversation.js'
import {MAX_STDIN_BYTES, readStrictText} from '../../../../src/core/strict-text.js'
import {tempDir} from '../../helpers/temp-dir.js'
import {testIO} from '../../../helpers/io.js'
import {rejectionOf} from '../../../helpers/errors.js'

const OTHER = '93645911'

async function usageError(promise: Promise<unknown> | (() => unknown)): Promise<UsageError> {
  const caught = await rejectionOf(typeof promise === 'function' ? (async () => promise())() : promise)
  expect(caught).toBeInstanceOf(UsageError)
  expect((caught as CliError).exitCode).toBe(2)
  return caught as UsageError
}

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 9, 8, 7])

let dir: {path: string; remove: () => Promise<void>}
let png: string
let jpeg: string
let text: string

beforeAll(async () => {
  dir = await tempDir()
  png = join(dir.path, 'photo.png')
  jpeg = join(dir.path, 'Second.JPEG')
  text = join(dir.path, 'notes.txt')
  await writeFile(png, PNG_BYTES)
  await writeFile(jpeg, JPEG_BYTES)
  await writeFile(text, 'not an image')
  await writeFile(join(dir.path, 'notes.png'), 'a text file named .png')
  await writeFile(join(dir.path, 'empty.png'), '')
  await mkdir(join(dir.path, 'folder.png'))
})

afterAll(async () => {
  await dir.remove()
})

describe('parseAttachments', () => {
  test('keeps the order typed across flag kinds', async () => {
    const specs = await parseAttachments(
      [
        {flag: 'location', input: '40.7,-74.0,Office'},
        {flag: 'image', input: 'https://i.groupme.com/1.png'},
        {flag: 'attachment', input: '{"type":"reply","reply_id":"1","base_reply_id":"1"}'},
        {flag: 'emoji-charmap', input: '[[1,42],[2,34]]'},
        {flag: 'image', input: png},
        {flag: 'location', input: '0,0'},
      ],
      '\uFFFD',
    )
    const expected: AttachmentSpec[] = [
      {kind: 'ready', attachment: {type: 'location', lat: '40.7', lng: '-74.0', name: 'Office'}},
      {kind: 'ready', attachment: {type: 'image', url: 'https://i.groupme.com/1.png'}},
      {kind: 'ready', attachment: {type: 'reply', reply_id: '1', base_reply_id: '1'}},
      {kind: 'ready', attachment: {type: 'emoji', placeholder: '\uFFFD', charmap: [[1, 42], [2, 34]]}},
      {kind: 'image-file', path: png, shown: png, size: PNG_BYTES.length, contentType: 'image/png'},
      {kind: 'ready', attachment: {type: 'location', lat: '0', lng: '0', name: ''}},
    ]
    expect(specs).toEqual(expected)
  })

  test('no flags → no attachments', async () => {
    expect(await parseAttachments([], undefined)).toEqual([])
  })

  test('--attachment passes an unknown type through untouched', async () => {
    const raw = {type: 'poll', poll: {id: '9', options: [{title: 'a'}]}, extra: null}
    const [spec] = await parseAttachments([{flag: 'attachment', input: JSON.stringify(raw)}], undefined)
    expect(spec).toEqual({kind: 'ready', attachment: raw})
  })

  test.each([
    ['invalid JSON', '{type: image}'],
    ['a JSON array', '[{"type":"image"}]'],
    ['a JSON string', '"image"'],
    ['null', 'null'],
    ['a number', '42'],
    ['an object without type', '{"url":"https://x"}'],
    ['an object with a non-string type', '{"type":7}'],
  ])('--attachment with %s → UsageError', async (_what, input) => {
    const error = await usageError(parseAttachments([{flag: 'attachment', input}], undefined))
    expect(error.message).toContain('--attachment')
  })

  test.each([
    ['not JSON', 'oops'],
    ['an empty array', '[]'],
    ['a flat array', '[1,42]'],
    ['a pair of one', '[[1]]'],
    ['a triple', '[[1,2,3]]'],
    ['a negative number', '[[1,-2]]'],
    ['a fraction', '[[1,2.5]]'],
    ['strings', '[["1","2"]]'],
    ['an object', '{"1":42}'],
  ])('--emoji-charmap that is %s → UsageError', async (_what, input) => {
    const error = await usageError(parseAttachments([{flag: 'emoji-charmap', input}], '\uFFFD'))
    expect(error.message).toContain('--emoji-charmap')
  })

  test('--emoji-charmap and --emoji-placeholder need each other', async () => {
    expect((await usageError(parseAttachments([{flag: 'emoji-charmap', input: '[[1,2]]'}], undefined))).message).toContain(
      '--emoji-placeholder',
    )
    expect((await usageError(parseAttachments([], '\uFFFD'))).message).toContain('--emoji-charmap')
  })

  describe('--image', () => {
    test('an http(s) URL is kept as an image attachment', async () => {
      for (const url of ['https://i.groupme.com/640x480.jpeg.abc', 'http://example.com/a.gif']) {
        expect(await parseAttachments([{flag: 'image', input: url}], undefined)).toEqual([{kind: 'ready', attachment: {type: 'image', url}}])
      }
    })

    test('a malformed URL → UsageError', async () => {
      await usageError(parseAttachments([{flag: 'image', input: 'https://'}], undefined))
    })

    test('an existing .png file becomes an image-file spec with an absolute path', async () => {
      const relativePng = join(dir.path, 'photo.png').replace(process.cwd() + '/', '')
      const specs = await parseAttachments([{flag: 'image', input: relativePng}], undefined)
      expect(specs).toEqual([{kind: 'image-file', path: resolve(relativePng), shown: relativePng, size: PNG_BYTES.length, contentType: 'image/png'}])
    })

    test('the type comes from the first bytes, whatever the name says', async () => {
      expect(await parseAttachments([{flag: 'image', input: jpeg}], undefined)).toEqual([
        {kind: 'image-file', path: jpeg, shown: jpeg, size: JPEG_BYTES.length, contentType: 'image/jpeg'},
      ])
    })

    test('a text file named .png → UsageError: not an image by its first bytes', async () => {
      const error = await usageError(parseAttachments([{flag: 'image', input: join(dir.path, 'notes.png')}], undefined))
      expect(error.message).toContain('not an image')
    })

    test('an empty file → UsageError', async () => {
      const error = await usageError(parseAttachments([{flag: 'image', input: join(dir.path, 'empty.png')}], undefined))
      expect(error.message).toContain('empty')
    })

    test('a file over the cap → UsageError naming the cap, without reading it', async () => {
      const big = join(dir.path, 'huge.jpg')
      await writeFile(big, JPEG_BYTES)
      await truncate(big, MAX_IMAGE_UPLOAD_BYTES + 1)
      const error = await usageError(parseAttachments([{flag: 'image', input: big}], undefined))
      expect(error.message).toContain('20.0 MiB')
    })

    test('a missing file → UsageError', async () => {
      const error = await usageError(parseAttachments([{flag: 'image', input: join(dir.path, 'missing.png')}], undefined))
      expect(error.message).toContain('no such file')
    })

    test('a directory → UsageError', async () => {
      const error = await usageError(parseAttachments([{flag: 'image', input: join(dir.path, 'folder.png')}], undefined))
      expect(error.message).toContain('not a file')
    })

    test('a file of another kind → UsageError listing the known ones', async () => {
      const error = await usageError(parseAttachments([{flag: 'image', input: text}], undefined))
      expect(error.message).toContain('PNG, JPEG')
    })
  })
})

describe('parseLocation', () => {
  test('LAT,LNG with an optional name, coordinates kept as strings', () => {
    expect(parseLocation('40.7128,-74.0060')).toEqual({type: 'location', lat: '40.7128', lng: '-74.0060', name: ''})
    expect(parseLocation(' -33.86 , 151.2 , Sydney ')).toEqual({type: 'location', lat: '-33.86', lng: '151.2', name: 'Sydney'})
  })

  test('a name may hold commas', () => {
    expect(parseLocation('48.8584,2.2945,Eiffel Tower, Champ de Mars, Paris').name).toBe('Eiffel Tower, Champ de Mars, Paris')
  })

  test('the range ends are allowed', () => {
    expect(parseLocation('90,180')).toMatchObject({lat: '90', lng: '180'})
    expect(parseLocation('-90,-180')).toMatchObject({lat: '-90', lng: '-180'})
  })

  test.each([
    ['91,0', 'latitude'],
    ['-90.5,0', 'latitude'],
    ['0,181', 'longitude'],
    ['0,-180.01', 'longitude'],
    ['abc', 'latitude'],
    ['1', 'longitude'],
    ['1,', 'longitude'],
    [',1', 'latitude'],
    ['1e1,2', 'latitude'],
    ['0x10,2', 'latitude'],
    ['', 'latitude'],
  ])('%p → UsageError about the %s', async (input, what) => {
    const error = await usageError(() => parseLocation(input))
    expect(error.message).toContain(what)
    expect(error.message).toContain('--location')
  })
})

describe('resolveAttachments', () => {
  test('uploads files through the uploader, in order, and keeps ready attachments in place', async () => {
    const specs = await parseAttachments(
      [
        {flag: 'image', input: jpeg},
        {flag: 'location', input: '1,2,Here'},
        {flag: 'image', input: png},
        {flag: 'image', input: 'https://i.groupme.com/kept.png'},
      ],
      undefined,
    )
    const uploads: Array<{bytes: Buffer; contentType: string}> = []
    const attachments = await resolveAttachments(specs, async (path, contentType) => {
      uploads.push({bytes: readFileSync(path), contentType})
      return `https://i.groupme.com/uploaded-${uploads.length}`
    })

    expect(uploads.map((upload) => upload.contentType)).toEqual(['image/jpeg', 'image/png'])
    expect(uploads[0].bytes.equals(JPEG_BYTES)).toBe(true)
    expect(uploads[1].bytes.equals(PNG_BYTES)).toBe(true)
    const expected: Attachment[] = [
      {type: 'image', url: 'https://i.groupme.com/uploaded-1'},
      {type: 'location', lat: '1', lng: '2', name: 'Here'},
      {type: 'image', url: 'https://i.groupme.com/uploaded-2'},
      {type: 'image', url: 'https://i.groupme.com/kept.png'},
    ]
    expect(attachments).toEqual(expected)
  })

  test('an upload failure stops the resolution', async () => {
    const specs = await parseAttachments([{flag: 'image', input: png}, {flag: 'image', input: jpeg}], undefined)
    let calls = 0
    await expect(
      resolveAttachments(specs, async () => {
        calls++
        throw new Error('upload failed')
      }),
    ).rejects.toThrow('upload failed')
    expect(calls).toBe(1)
  })

  test('previewAttachments shows a file as a file:// URL without uploading', async () => {
    const specs = await parseAttachments([{flag: 'image', input: png}, {flag: 'location', input: '1,2'}], undefined)
    expect(previewAttachments(specs)).toEqual([
      {type: 'image', url: `file://${png}`},
      {type: 'location', lat: '1', lng: '2', name: ''},
    ])
  })
})

describe('messageTextFrom / checkText', () => {
  test('an argument other than - is the text itself', async () => {
    expect(await messageTextFrom(testIO({stdinTTY: true}).io, 'hello\nworld')).toBe('hello\nworld')
    expect(await messageTextFrom(testIO({stdinTTY: true}).io, '')).toBe('')
  })

  test('1,000 characters are fine, 1,001 are not', async () => {
    expect(MAX_TEXT_LENGTH).toBe(1000)
    expect(() => checkText('a'.repeat(1000), 0)).not.toThrow()
    const error = await usageError(() => checkText('a'.repeat(1001), 0))
    expect(error.message).toContain('1001')
    await usageError(() => checkText('a'.repeat(1001), 2))
  })

  test('empty or blank text without an attachment → UsageError', async () => {
    await usageError(() => checkText('', 0))
    await usageError(() => checkText('  \n\t ', 0))
  })

  test('empty text with an attachment is fine', () => {
    expect(() => checkText('', 1)).not.toThrow()
  })
})

describe('historyPages', () => {
  test.each([0, 1, 99, 100, 101, 250, 300])('%i messages: all of them, newest first, in ceil(N/100)+1 requests', async (count) => {
    const fake = conversation(OTHER, count, {crossDigits: true})
    const {messages} = fake
    const pages = await collect(historyPages(fake.api, {otherUserId: OTHER}))
    const got = pages.flat()
    expect(ids(got)).toEqual(ids(messages).reverse())
    expect(fake.api.queries).toHaveLength(Math.ceil(count / MAX_PAGE_SIZE) + 1)
    for (const query of fake.api.queries) {
      expect(query.otherUserId).toBe(OTHER)
      expect(query.limit).toBe(100)
      expect(query.sinceId).toBeUndefined()
      expect(query.afterId).toBeUndefined()
    }
  })

  test('each request starts below the oldest id of the page before', async () => {
    const fake = conversation(OTHER, 250, {crossDigits: true})
    await collect(historyPages(fake.api, {otherUserId: OTHER}))
    expect(fake.api.queries[0].beforeId).toBeUndefined()
    for (let i = 1; i < fake.api.queries.length; i++) {
      expect(fake.api.queries[i].beforeId).toBe(fake.api.answers[i - 1].at(-1)!.id)
    }
  })

  test('never stops on a short page in the middle of history', async () => {
    const fake = conversation(OTHER, 260, {reshape: shortPages({0: 40, 1: 1, 3: 17})})
    const {messages} = fake
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER}))).flat()
    expect(ids(got)).toEqual(ids(messages).reverse())
    expect(fake.api.answers.at(-1)).toEqual([])
    expect(fake.api.answers.slice(0, 4).map((answer) => answer.length)).toEqual([40, 1, 100, 17])
  })

  test('stops on an empty page (a 304) even if the service held more', async () => {
    const fake = conversation(OTHER, 500, {reshape: emptyAt(2)})
    const {messages} = fake
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER}))).flat()
    expect(fake.api.queries).toHaveLength(3)
    expect(ids(got)).toEqual(ids(messages).reverse().slice(0, 200))
  })

  test('respects max, asking for no more than it needs', async () => {
    const fake = conversation(OTHER, 400)
    const {messages} = fake
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER, max: 150}))).flat()
    expect(ids(got)).toEqual(ids(messages).reverse().slice(0, 150))
    expect(fake.api.queries.map((query) => query.limit)).toEqual([100, 50])
  })

  test('max with short pages still gives exactly max messages', async () => {
    const fake = conversation(OTHER, 400, {reshape: shortPages({0: 30})})
    const {messages} = fake
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER, max: 150}))).flat()
    expect(ids(got)).toEqual(ids(messages).reverse().slice(0, 150))
    expect(fake.api.queries.map((query) => query.limit)).toEqual([100, 100, 20])
  })

  test('beforeId starts below that id; pageSize sets the limit', async () => {
    const fake = conversation(OTHER, 100)
    const {messages} = fake
    const start = messages[60].id
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER, beforeId: start, pageSize: 25}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(0, 60)).reverse())
    expect(fake.api.queries[0].beforeId).toBe(start)
    expect(fake.api.queries.map((query) => query.limit)).toEqual([25, 25, 25, 25])
  })

  test('downToId stops at that id, exclusive, without another request', async () => {
    const fake = conversation(OTHER, 300)
    const {messages} = fake
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER, downToId: messages[149].id}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(150)).reverse())
    expect(fake.api.queries).toHaveLength(2)
  })

  test('a cursor message returned again (inclusive before_id) is not repeated', async () => {
    const fake: Conversation = conversation(OTHER, 250, {reshape: inclusiveCursor(() => fake.store.messages(OTHER))})
    const {messages} = fake
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER}))).flat()
    expect(ids(got)).toEqual(ids(messages).reverse())
    expect(new Set(ids(got)).size).toBe(250)
  })

  test('a service that ignores before_id cannot make it loop or repeat', async () => {
    const fake: Conversation = conversation(OTHER, 30, {reshape: () => fake.store.messages(OTHER).slice(-10).reverse()})
    const newestFirstAll = [...fake.messages].reverse()
    const got = (await collect(historyPages(fake.api, {otherUserId: OTHER}))).flat()
    expect(ids(got)).toEqual(ids(newestFirstAll.slice(0, 10)))
    expect(fake.api.queries).toHaveLength(2)
  })

  test('onPage sees every answer as sent, with the count', async () => {
    const fake = conversation(OTHER, 120)
    const reports: Array<{size: number; count?: number}> = []
    await collect(historyPages(fake.api, {otherUserId: OTHER, onPage: (page) => void reports.push({size: page.messages.length, count: page.count})}))
    expect(reports).toEqual([
      {size: 100, count: 120},
      {size: 20, count: 120},
      // The end is a 304 with no body: no count (docs/service.md, Envelope).
      {size: 0, count: undefined},
    ])
  })
})

describe('pagesSince', () => {
  test('returns all 150 when 150 are new (since_id alone would skip 50)', async () => {
    const fake = conversation(OTHER, 400, {crossDigits: true})
    const {messages} = fake
    const since = messages[249]
    const got = (await collect(pagesSince(fake.api, {otherUserId: OTHER, sinceId: since.id}))).flat()
    expect(got).toHaveLength(150)
    expect(ids(got)).toEqual(ids(messages.slice(250)).reverse())
    expect(fake.api.queries[0]).toMatchObject({sinceId: since.id, limit: 100})
    expect(fake.api.queries[1]).toMatchObject({beforeId: messages[300].id})
  })

  test('exactly 100 new: nothing skipped, nothing old', async () => {
    const fake = conversation(OTHER, 300)
    const {messages} = fake
    const got = (await collect(pagesSince(fake.api, {otherUserId: OTHER, sinceId: messages[199].id}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(200)).reverse())
  })

  test('nothing new → no pages, one request', async () => {
    const fake = conversation(OTHER, 50)
    const {messages} = fake
    expect(await collect(pagesSince(fake.api, {otherUserId: OTHER, sinceId: messages[49].id}))).toEqual([])
    expect(fake.api.queries).toHaveLength(1)
  })

  test('max keeps the newest', async () => {
    const fake = conversation(OTHER, 400)
    const {messages} = fake
    const got = (await collect(pagesSince(fake.api, {otherUserId: OTHER, sinceId: messages[249].id, max: 120}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(280)).reverse())
  })
})

describe('pagesAfter', () => {
  test('sorts shuffled answers: every message after the id, oldest first', async () => {
    const fake = conversation(OTHER, 250, {crossDigits: true, reshape: shuffledAfterId()})
    const {messages} = fake
    const pages = await collect(pagesAfter(fake.api, {otherUserId: OTHER, afterId: messages[9].id}))
    // The fake really did answer out of order.
    expect(ids(fake.api.answers[0])).not.toEqual(ids(messages.slice(10, 110)))
    for (const page of pages) expect(ids(page)).toEqual([...ids(page)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)))
    expect(ids(pages.flat())).toEqual(ids(messages.slice(10)))
    expect(fake.api.queries.map((query) => query.afterId)).toEqual([messages[9].id, messages[109].id, messages[209].id, messages[249].id])
  })

  test('short pages do not stop it', async () => {
    const fake = conversation(OTHER, 150, {reshape: shortPages({0: 7, 1: 3})})
    const {messages} = fake
    const got = (await collect(pagesAfter(fake.api, {otherUserId: OTHER, afterId: messages[0].id}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(1)))
  })

  test('respects max', async () => {
    const fake = conversation(OTHER, 300)
    const {messages} = fake
    const got = (await collect(pagesAfter(fake.api, {otherUserId: OTHER, afterId: messages[0].id, max: 130}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(1, 131)))
    expect(fake.api.queries.map((query) => query.limit)).toEqual([100, 30])
  })
})

describe('queryPages', () => {
  const fake = () => conversation(OTHER, 230, {crossDigits: true, reshape: shuffledAfterId()}).api
  const {messages} = conversation(OTHER, 230, {crossDigits: true})

  test('history is newest first, or one page oldest first when asked', async () => {
    const newest = (await collect(queryPages(fake(), {otherUserId: OTHER}))).flat()
    expect(ids(newest)).toEqual(ids(messages).reverse())
    const oldest = await collect(queryPages(fake(), {otherUserId: OTHER, oldestFirst: true}))
    expect(oldest).toHaveLength(1)
    expect(ids(oldest[0])).toEqual(ids(messages))
  })

  test('history with max and oldestFirst gives the newest max, oldest first', async () => {
    const got = (await collect(queryPages(fake(), {otherUserId: OTHER, max: 10, oldestFirst: true}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(-10)))
  })

  test('beforeId pages below it', async () => {
    const got = (await collect(queryPages(fake(), {otherUserId: OTHER, beforeId: messages[5].id}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(0, 5)).reverse())
  })

  test('afterId is newest first by default and oldest first when asked', async () => {
    const after = messages[99].id
    const newest = (await collect(queryPages(fake(), {otherUserId: OTHER, afterId: after}))).flat()
    expect(ids(newest)).toEqual(ids(messages.slice(100)).reverse())
    const oldest = (await collect(queryPages(fake(), {otherUserId: OTHER, afterId: after, oldestFirst: true}))).flat()
    expect(ids(oldest)).toEqual(ids(messages.slice(100)))
  })

  test('sinceId with oldestFirst', async () => {
    const got = (await collect(queryPages(fake(), {otherUserId: OTHER, sinceId: messages[50].id, oldestFirst: true}))).flat()
    expect(ids(got)).toEqual(ids(messages.slice(51)))
  })
})

describe('sniffImageType: an image by its first bytes', () => {
  const bytes = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))))

  test.each([
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0]), 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a', [1]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1]), 'image/gif'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]), 'image/heic'],
    ['HEIF (mif1)', bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0]), 'image/heic'],
    ['BMP', bytes('BM', [1, 2, 3, 4], [0, 0, 0, 0], [54, 0]), 'image/bmp'],
  ])('%s', (_, start, type) => {
    expect(sniffImageType(start)).toBe(type)
  })

  test.each([
    ['text', bytes('hello, world')],
    ['a cut PNG signature', bytes('\x89PNG')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['an MP4 (ftyp, another brand)', bytes([0, 0, 0, 24], 'ftypisom', [0, 0, 0, 0])],
    ['text that starts with BM', bytes('BMW is a car maker')],
    ['nothing', bytes()],
  ])('%s is no image', (_, start) => {
    expect(sniffImageType(start)).toBeUndefined()
  })
})

describe('recheckImageFile: what is uploaded is what was checked', () => {
  test('a file replaced by text after the check is refused, not sent', async () => {
    const path = join(dir.path, 'swapped.png')
    await writeFile(path, PNG_BYTES)
    const [spec] = await parseAttachments([{flag: 'image', input: path}], undefined)
    await writeFile(path, 'text now, same size')
    let uploads = 0
    const error = await usageError(
      resolveAttachments([spec], async () => {
        uploads++
        return 'https://i.groupme.com/never'
      }),
    )
    expect(error.message).toContain('changed')
    expect(uploads).toBe(0)
  })
})

describe('stdin text is refused, never changed', () => {
  const from = (bytes: Buffer) => readStrictText(Readable.from([bytes]), 'TEXT')

  test('valid UTF-8 is kept exactly, a leading BOM dropped', async () => {
    expect(await from(Buffer.from('café ☕ 👩‍💻\n'))).toBe('café ☕ 👩‍💻\n')
    expect(await from(Buffer.from('\ufeffhi'))).toBe('hi')
  })

  test('bytes that are not UTF-8 (Latin-1 "café") → UsageError, exit 2', async () => {
    const error = await usageError(from(Buffer.from([0x63, 0x61, 0x66, 0xe9])))
    expect(error.message).toContain('not valid UTF-8')
  })

  test('a UTF-8 sequence cut at the end → UsageError', async () => {
    await usageError(from(Buffer.from([0x68, 0x69, 0xe2, 0x98])))
  })

  test('a NUL byte → UsageError naming it', async () => {
    const error = await usageError(from(Buffer.from('a\0b')))
    expect(error.message).toContain('NUL')
  })

  test('more than the stdin cap → UsageError', async () => {
    const error = await usageError(readStrictText(Readable.from([Buffer.alloc(MAX_STDIN_BYTES, 0x61), Buffer.from('a')]), 'TEXT'))
    expect(error.message).toContain('KiB')
  })
})
