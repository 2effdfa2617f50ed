import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ALICE, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

describe('dm send', () => {
  let sandbox: Sandbox
  let files: string
  const sent = () => sandbox.store.messages(ALICE.id).filter((message) => message.sender_id === sandbox.meId)
  const posts = () => sandbox.requests.filter((request) => request.method === 'POST')

  beforeAll(async () => {
    sandbox = await startSandbox()
    files = mkdtempSync(join(tmpdir(), 'groupme-send-'))
    writeFileSync(join(files, 'photo.png'), PNG)
    writeFileSync(join(files, 'notes.txt'), 'not an image')
    mkdirSync(join(files, 'folder.png'))
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('sends the text and prints id, time and text', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, 'hello there'], {sandbox})
    expect(result.code).toBe(0)
    const stored = sent().at(-1)!
    expect(stored.text).toBe('hello there')
    expect(result.stdout.trim().split('\t')).toEqual([stored.id, expect.any(String), 'hello there'])
  })

  test('--json prints the message object the service answered under direct_message', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, 'json please', '--json'], {sandbox})
    const message = JSON.parse(result.stdout)
    expect(message).toEqual(JSON.parse(JSON.stringify(sent().at(-1))))
    expect(message.source_guid).toMatch(/^[\w-]{21}$/)
  })

  test('text from stdin when TEXT is - or omitted; one trailing newline dropped', async () => {
    await runCli(['dm', 'send', ALICE.id, '-'], {sandbox, stdin: 'line one\nline two\n'})
    expect(sent().at(-1)!.text).toBe('line one\nline two')
    await runCli(['dm', 'send', ALICE.id], {sandbox, stdin: 'piped\n\n'})
    expect(sent().at(-1)!.text).toBe('piped\n')
  })

  test('attachments go in the order given; a local image is uploaded first', async () => {
    const result = await runCli(
      [
        'dm', 'send', ALICE.id, 'look',
        '--location', '40.738206,-73.993285,GroupMe HQ, NYC',
        '--image', join(files, 'photo.png'),
        '--attachment', '{"type":"split","token":"abc"}',
        '--image', 'https://i.groupme.com/123456789',
        '--emoji-placeholder', '\u{fffd}', '--emoji-charmap', '[[1,42],[2,34]]',
      ],
      {sandbox},
    )
    expect(result.code).toBe(0)
    const upload = sandbox.requests.find((request) => request.path === '/image/pictures')!
    expect(upload.headers['content-type']).toBe('image/png')
    expect(upload.headers['x-access-token']).toBe(sandbox.token)
    expect(Buffer.compare(upload.body, PNG)).toBe(0)
    const attachments = sent().at(-1)!.attachments
    expect(attachments.map((attachment) => attachment.type)).toEqual(['location', 'image', 'split', 'image', 'emoji'])
    expect(attachments[0]).toEqual({type: 'location', lat: '40.738206', lng: '-73.993285', name: 'GroupMe HQ, NYC'})
    expect(String(attachments[1].url)).toContain(sandbox.url)
    expect(attachments[3]).toEqual({type: 'image', url: 'https://i.groupme.com/123456789'})
    expect(attachments[4]).toEqual({type: 'emoji', placeholder: '\u{fffd}', charmap: [[1, 42], [2, 34]]})
  })

  test('--dry-run prints the exact request body and sends nothing', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, 'not really', '--source-guid', 'dry-1', '--dry-run', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      direct_message: {source_guid: 'dry-1', recipient_id: ALICE.id, text: 'not really', attachments: []},
    })
    expect(sandbox.requests).toHaveLength(0)
  })

  test('an answer lost after the message was stored is not sent twice', async () => {
    sandbox.inject({method: 'POST', path: '/v3/direct_messages', kind: 'drop-after-commit'})
    const result = await runCli(['dm', 'send', ALICE.id, 'exactly once', '--source-guid', 'lost-answer-1', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('sent once')
    expect(sandbox.store.countBySourceGuid('lost-answer-1')).toBe(1)
    expect(posts()).toHaveLength(2)
    expect(posts().every((request) => JSON.parse(request.body.toString()).direct_message.source_guid === 'lost-answer-1')).toBe(true)
    expect(JSON.parse(result.stdout).source_guid).toBe('lost-answer-1')
  })

  test('retried on 500, 502, 420 and 429 with the same source_guid, delivered once', async () => {
    for (const status of [500, 502, 420, 429]) {
      sandbox.inject({method: 'POST', path: '/v3/direct_messages', kind: 'status', status, headers: {'Retry-After': '0'}})
    }

    const result = await runCli(['dm', 'send', ALICE.id, 'persistent', '--source-guid', 'retry-1'], {sandbox})
    expect(result.code).toBe(0)
    expect(posts()).toHaveLength(5)
    expect(sandbox.store.countBySourceGuid('retry-1')).toBe(1)
  })

  test('a reused --source-guid on the first attempt is exit 6, already sent', async () => {
    expect((await runCli(['dm', 'send', ALICE.id, 'cron', '--source-guid', 'cron-1'], {sandbox})).code).toBe(0)
    const again = await runCli(['dm', 'send', ALICE.id, 'cron', '--source-guid', 'cron-1'], {sandbox})
    expect(again.code).toBe(6)
    expect(again.stderr).toContain('already sent')
    expect(sandbox.store.countBySourceGuid('cron-1')).toBe(1)
  })

  test('403 (auto-ban) is exit 5 with the service\'s words', async () => {
    sandbox.inject({
      method: 'POST',
      path: '/v3/direct_messages',
      kind: 'status',
      status: 403,
      body: 'User has been auto-banned for sending too many messages.',
    })
    const result = await runCli(['dm', 'send', ALICE.id, 'spam'], {sandbox})
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('User has been auto-banned for sending too many messages.')
  })

  const invalid: Array<[string, string[], string?]> = [
    ['non-numeric user', ['abc', 'hi']],
    ['empty user', ['', 'hi']],
    ['1,001 characters', [ALICE.id, 'x'.repeat(1001)]],
    ['empty text, no attachment', [ALICE.id, '']],
    ['stdin empty', [ALICE.id, '-']],
    ['missing image file', [ALICE.id, 'hi', '--image', '/no/such/file.png']],
    ['directory as image', [ALICE.id, 'hi', '--image', 'FILES/folder.png']],
    ['not an image type', [ALICE.id, 'hi', '--image', 'FILES/notes.txt']],
    ['latitude out of range', [ALICE.id, 'hi', '--location', '91,0']],
    ['longitude out of range', [ALICE.id, 'hi', '--location', '0,181']],
    ['location not numbers', [ALICE.id, 'hi', '--location', 'abc']],
    ['location one number', [ALICE.id, 'hi', '--location', '1']],
    ['attachment not JSON', [ALICE.id, 'hi', '--attachment', '{type:']],
    ['attachment without type', [ALICE.id, 'hi', '--attachment', '{"url":"x"}']],
    ['charmap not pairs', [ALICE.id, 'hi', '--emoji-placeholder', 'x', '--emoji-charmap', '[1,2]']],
    ['charmap without placeholder', [ALICE.id, 'hi', '--emoji-charmap', '[[1,2]]']],
    ['unknown flag', [ALICE.id, 'hi', '--bogus']],
  ]
  test.each(invalid)('%s: exit 2, nothing sent', async (_name, args) => {
    const result = await runCli(['dm', 'send', ...args.map((arg) => arg.replace('FILES', files))], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^Error: .+/)
    expect(sandbox.requests).toHaveLength(0)
  })
})
