import {describe, expect, test} from '@jest/globals'
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Message} from '../../../../src/api/api.js'
import {writeJsonAtomic} from '../../../../src/base/files.js'
import {openArchive} from '../../../../src/lib/archive/schema.js'
import {ArchiveStore} from '../../../../src/lib/archive/store.js'
import {checkExportFile, writeExportFile} from '../../../../src/lib/dm/export/file.js'
import {extensionFor} from '../../../../src/lib/dm/export/media.js'
import {duration, formatProgress} from '../../../../src/output/progress.js'

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-export-'))
const CHAT = '93645911+118825642'
const message = (id: string): Message => ({id, created_at: Number(id.slice(0, 10)), text: `m${id}`, sender_id: '118825642', user_id: '118825642', name: 'Alice', attachments: [], favorited_by: []})

/** An archive holding three messages of CHAT, and FILE exported from it as a run does. */
async function exported(): Promise<{store: ArchiveStore; file: string; text: string}> {
  const dir = scratch()
  const store = new ArchiveStore(await openArchive(join(dir, 'archive.db')), () => 1_800_000_000)
  store.savePage(CHAT, ['179000000300000003', '179000000200000002', '179000000100000001'].map(message), {downTo: null})
  const file = join(dir, 'alice.jsonl')
  const result = await writeExportFile(file, store.rawMessages(CHAT, {order: 'asc'}))
  store.recordExport(file, {conversationId: CHAT, ...result})
  return {store, file, text: readFileSync(file, 'utf8')}
}

const refusal = (store: ArchiveStore, file: string) => checkExportFile(store, file).then(() => undefined, (error: unknown) => error)

describe('the export file', () => {
  test('is written whole from the archive, in order, private, with no temporary file left; the record matches it', async () => {
    const {store, file, text} = await exported()
    expect(text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as Message).id)).toEqual(['179000000100000001', '179000000200000002', '179000000300000003'])
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(file, '..')).filter((name) => name.startsWith('alice'))).toEqual(['alice.jsonl'])
    expect(store.exportOf(file)).toMatchObject({conversationId: CHAT, messages: 3, bytes: Buffer.byteLength(text)})
    await expect(checkExportFile(store, file)).resolves.toBeUndefined()
  })

  test('a FILE renamed into place whose record a kill kept from being written is still known, by its lines', async () => {
    const {store, file, text} = await exported()
    // The newest message only, as a newer run would have written it before being killed.
    writeFileSync(file, text.split('\n')[2] + '\n')
    await expect(checkExportFile(store, file)).resolves.toBeUndefined()
  })

  test('a line that is not a message of the archive is refused, naming FILE and the line, and FILE is not touched', async () => {
    const {store, file, text} = await exported()
    for (const extra of ['{"note":"mine"}', 'plain text', JSON.stringify(message('179000000400000004'))]) {
      writeFileSync(file, text + extra + '\n')
      const error = await refusal(store, file)
      expect(error).toMatchObject({exitCode: 2, message: expect.stringContaining(`${file} holds lines that are not messages dm export wrote from this archive (line 4 is not)`)})
      expect(readFileSync(file, 'utf8')).toBe(text + extra + '\n')
    }
  })

  test('writeJsonAtomic: a reader during many writes always sees the old or the new object, never half of one', async () => {
    const file = join(scratch(), 'race.json')
    const big = (n: number) => ({n, padding: 'p'.repeat(200_000)})
    await writeJsonAtomic(file, big(0))
    let writing = true
    const writer = (async () => {
      for (let n = 1; n <= 40; n++) await writeJsonAtomic(file, big(n))
      writing = false
    })()
    const seen: number[] = []
    while (writing) seen.push((JSON.parse(await readFile(file, 'utf8')) as {n: number}).n)
    await writer
    expect(seen.length).toBeGreaterThan(0)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
  })

})

describe('progress and media names', () => {
  test('the bar shows done out of total, percent, rate and ETA, within the width', () => {
    expect(formatProgress({done: 1200, target: 3000, rate: 600})).toBe('[##########--------------] 1200/3000 40% 600 msg/s ETA 0:03')
    expect(formatProgress({done: 50, rate: 25})).toBe('50 messages 25 msg/s')
    expect(formatProgress({done: 1, target: 10, rate: 1, columns: 20})).toHaveLength(19)
    expect(duration(3725)).toBe('1:02:05')
  })

  test('the extension comes from the content type, else the URL, else bin', () => {
    expect(extensionFor('image/png', 'https://i.groupme.com/x')).toBe('png')
    expect(extensionFor('image/jpeg; charset=binary', 'https://i.groupme.com/x')).toBe('jpg')
    expect(extensionFor(undefined, 'https://i.groupme.com/1024x1024.jpeg.a13c40722d454d0e9c59d2cedb119056')).toBe('jpg')
    expect(extensionFor('application/octet-stream', 'https://i.groupme.com/640x480.gif.abc')).toBe('gif')
    expect(extensionFor(undefined, 'https://example.com/file')).toBe('bin')
  })
})

