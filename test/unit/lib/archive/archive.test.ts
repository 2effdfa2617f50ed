import {describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import type {GroupMeApi, Message} from '../../../../src/api/api.js'
import {NetworkError} from '../../../../src/base/errors.js'
import {parseDuration} from '../../../../src/core/durations.js'
import {readSettings} from '../../../../src/core/settings.js'
import {archivePath} from '../../../../src/lib/archive/location.js'
import {mediaDirFor, saveMedia} from '../../../../src/lib/archive/media.js'
import {formatAccountProgress} from '../../../../src/lib/archive/progress.js'
import {openArchive} from '../../../../src/lib/archive/schema.js'
import {openDatabase} from '../../../../src/lib/archive/sqlite.js'
import {searchArchive, searchOutput} from '../../../../src/lib/archive/search.js'
import {ArchiveStore} from '../../../../src/lib/archive/store.js'

const CHAT = '93645911+118825642'
const message = (id: string, text: string, extra: Partial<Message> = {}): Message => ({
  id,
  created_at: Number(id.slice(0, 10)),
  text,
  sender_id: '118825642',
  user_id: '118825642',
  name: 'Alice',
  attachments: [],
  favorited_by: [],
  ...extra,
})

async function freshStore(): Promise<ArchiveStore> {
  const db = await openArchive(join(mkdtempSync(join(tmpdir(), 'groupme-archive-unit-')), 'a.db'))
  return new ArchiveStore(db, () => 1_800_000_000)
}

async function rendered(output: ReturnType<typeof searchOutput>, options: {format: 'table' | 'plain'; color: boolean; width?: number}): Promise<string> {
  const mode = {...options, now: 1_800_000_000_000, timeZone: 'UTC'}
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let text = ''
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  await output.render(mode, {stdout, stderr})
  return text
}

describe('ArchiveStore walk state', () => {
  test('a walk fixes its top on the first page, moves its cursor page by page, and hands its top over when it ends', async () => {
    const store = await freshStore()
    expect(store.state(CHAT)).toEqual({topId: null})
    store.savePage(CHAT, [message('179000000300000003', 'c'), message('179000000200000002', 'b')], {downTo: null})
    expect(store.state(CHAT)).toEqual({topId: null, walk: {top: '179000000300000003', cursor: '179000000200000002', downTo: null}})
    store.savePage(CHAT, [message('179000000100000001', 'a')], {downTo: null})
    expect(store.state(CHAT).walk).toEqual({top: '179000000300000003', cursor: '179000000100000001', downTo: null})
    store.finishWalk(CHAT)
    expect(store.state(CHAT)).toEqual({topId: '179000000300000003'})
    // The same page again changes nothing; a changed message is an update, not a new row.
    expect(store.refreshPage(CHAT, [message('179000000100000001', 'a')])).toEqual({inserted: 0, updated: 0})
    expect(store.refreshPage(CHAT, [message('179000000100000001', 'a', {favorited_by: ['93645911']})])).toEqual({inserted: 0, updated: 1})
    expect(store.countMessages(CHAT)).toBe(3)
  })

  test('an id that is not a number of at most 18 digits is refused before anything is written', async () => {
    const store = await freshStore()
    expect(() => store.savePage(CHAT, [message('1234567890123456789', 'x')], {downTo: null})).toThrow(/18 digits/)
    expect(store.countMessages(CHAT)).toBe(0)
  })
})

describe('archive media', () => {
  test('a sync removes the downloads a killed sync left in the media folder, and only those', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'groupme-archive-unit-')), 'a.db')
    const store = new ArchiveStore(await openArchive(dbPath), () => 1_800_000_000)
    store.savePage(CHAT, [message('179000000100000001', 'look', {attachments: [{type: 'image', url: 'https://i.groupme.com/1x1.png'}]})], {downTo: null})
    const dir = mediaDirFor(dbPath)
    mkdirSync(join(dir, 'ab'), {recursive: true})
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    const names = [
      `.incoming-${dead}-0a1b2c3d4e5f.partial`, // cut off mid-download: removed
      `.incoming-${dead}-0a1b2c3d4e5f.png`, // whole, not yet moved into place: removed
      '.incoming-0a1b2c3d4e5f.jpeg', // an older version's name, no pid: removed
      `.incoming-${process.ppid}-0a1b2c3d4e5f.partial`, // its writer runs (another database's sync): kept
      'ab', // the saved images: kept
      'notes.txt',
    ]
    for (const name of names.filter((name) => name !== 'ab')) writeFileSync(join(dir, name), 'x')
    const client = {saveDownload: async () => Promise.reject(new NetworkError('offline'))} as unknown as GroupMeApi
    const summary = await saveMedia(client, store.db, dbPath, () => 1_800_000_000)
    expect(summary).toEqual({saved: 0, deduplicated: 0, failed: 1, skipped: 0})
    expect(readdirSync(dir).sort()).toEqual(names.slice(3).sort())
    store.db.close()
  })
})

describe('archive search output', () => {
  test('a terminal line shows the hit in colour, and the service text keeps none of its own escapes', async () => {
    const store = await freshStore()
    store.savePage(CHAT, [message('179000000100000001', 'evil \u001b]0;title\u0007\u001b[2J coffee \u202e here')], {downTo: null})
    const hits = () => searchArchive(store.db, 'coffee', {}, 10)
    const line = await rendered(searchOutput(hits()), {format: 'table', color: true, width: 120})
    expect(line).toContain('\u001b[1;33mcoffee\u001b[22;39m')
    expect(line.replaceAll('\u001b[1;33m', '').replaceAll('\u001b[22;39m', '')).not.toMatch(/[\u001b\u0007\u202e]/)
    // A long text on a narrow terminal starts near its first hit, so the hit is seen.
    store.savePage(CHAT, [message('179000000200000002', `${'filler words '.repeat(20)}the budget is here ${'and more '.repeat(20)}`)], {downTo: null})
    const narrow = await rendered(searchOutput(searchArchive(store.db, 'budget', {}, 10)), {format: 'table', color: false, width: 80})
    expect(narrow).toContain('budget')
    expect(narrow.split('\n')[0].length).toBeLessThan(80)
    const plain = await rendered(searchOutput(hits()), {format: 'plain', color: false})
    expect(plain.split('\t').slice(-2)).toEqual(['evil  coffee  here', '\n'])
  })
})

describe('archive settings', () => {
  test('the database path: --db, else GROUPME_ARCHIVE_DB, else XDG_DATA_HOME, else ~/.local/share', () => {
    expect(archivePath('/x/a.db', readSettings({GROUPME_ARCHIVE_DB: '/y/b.db'}))).toBe('/x/a.db')
    expect(archivePath(undefined, readSettings({GROUPME_ARCHIVE_DB: '/y/b.db'}))).toBe('/y/b.db')
    expect(archivePath(undefined, readSettings({XDG_DATA_HOME: '/data'}))).toBe('/data/groupme/archive.db')
    expect(archivePath(undefined, readSettings({HOME: '/home/u'}))).toBe('/home/u/.local/share/groupme/archive.db')
  })

  test('--refresh durations', () => {
    expect(parseDuration('7d', '--refresh')).toBe(604_800_000)
    expect(parseDuration('30m', '--refresh')).toBe(1_800_000)
    expect(parseDuration('2w', '--refresh')).toBe(1_209_600_000)
    expect(parseDuration('1.5h', '--refresh')).toBe(5_400_000)
    for (const bad of ['7', 'd', '0d', '1y', '-1d', '0']) expect(() => parseDuration(bad, '--refresh')).toThrow(/duration/)
  })
})

describe('archive sync progress', () => {
  test('one bar for the account: chats done of all, messages, rate, ETA, cut to the terminal', () => {
    expect(formatAccountProgress({chatsDone: 5, chats: 20, messages: 1200, expected: 3600, rate: 600})).toBe(
      '[#####---------------] 5/20 chats 1200 messages 600 msg/s ETA 0:04',
    )
    expect(formatAccountProgress({chatsDone: 0, chats: 0, messages: 0, expected: 0, rate: 0})).toBe('[####################] 0/0 chats 0 messages 0 msg/s')
    expect(formatAccountProgress({chatsDone: 1, chats: 2, messages: 5, expected: 10, rate: 1, columns: 12})).toHaveLength(11)
  })
})

describe('the SQLite binding', () => {
  test('node:sqlite has FTS5 and reads 64-bit integers exactly', async () => {
    const db = await openDatabase(':memory:')
    try {
      db.exec("CREATE VIRTUAL TABLE t USING fts5 (x); INSERT INTO t VALUES ('hello world')")
      expect(db.prepare("SELECT x FROM t WHERE t MATCH 'hello'").all()).toEqual([expect.objectContaining({x: 'hello world'})])
      expect({...db.prepareExact('SELECT 179349116300001291 AS big, 5 AS small').get()}).toEqual({big: 179349116300001291n, small: 5})
    } finally {
      db.close()
    }
  })
})
