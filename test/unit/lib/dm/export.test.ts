import {writeJsonAtomic} from '../../../../src/base/files.js'
import {describe, expect, test} from '@jest/globals'
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {readFile, rename} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SandboxStore} from '../../../../src/sandbox/store.js'
import {SandboxClient} from '../../helpers/sandbox-client.js'
import {
  type Checkpoint,
  initialCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from '../../../../src/lib/dm/export/checkpoint.js'
import type {ExportRun} from '../../../../src/lib/dm/export/run.js'
import {flush, merge} from '../../../../src/lib/dm/export/finish.js'
import {extensionFor} from '../../../../src/lib/dm/export/media.js'
import {duration, formatProgress} from '../../../../src/output/progress.js'
import {linesBackward} from '../../../../src/lib/dm/export/reverse-lines.js'

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-export-'))

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

describe('linesBackward', () => {
  const lines = ['{"id":"1","text":"héllo"}', '{"text":"👩‍👩‍👧‍👦 family"}', 'x', '{"text":"日本語\\n"}', 'a'.repeat(300)]
  const content = lines.map((line) => line + '\n').join('')

  test.each([1, 2, 3, 7, 64, 65_536])('gives the lines last to first with chunks of %i bytes', async (chunkSize) => {
    const file = join(scratch(), 'lines.jsonl')
    writeFileSync(file, content)
    const read = await collect(linesBackward(file, {chunkSize}))
    expect(read.map((entry) => entry.line)).toEqual([...lines].reverse())
  })

  test('each start offset cuts the file just before that line', async () => {
    const file = join(scratch(), 'lines.jsonl')
    writeFileSync(file, content)
    const bytes = Buffer.from(content)
    for (const {line, start} of await collect(linesBackward(file, {chunkSize: 5}))) {
      expect(bytes.subarray(start).toString('utf8').startsWith(line + '\n')).toBe(true)
    }
  })

  test('honours end, and reads a last line without a newline; empty lines and files give nothing', async () => {
    const dir = scratch()
    const file = join(dir, 'partial.jsonl')
    writeFileSync(file, 'one\n\ntwo\nthree')
    expect((await collect(linesBackward(file, {chunkSize: 2}))).map((entry) => entry.line)).toEqual(['three', 'two', 'one'])
    expect((await collect(linesBackward(file, {end: 4}))).map((entry) => entry.line)).toEqual(['one'])
    writeFileSync(join(dir, 'empty'), '')
    expect(await collect(linesBackward(join(dir, 'empty')))).toEqual([])
  })

  test('a large file comes back whole, in reverse', async () => {
    const file = join(scratch(), 'big.jsonl')
    const many = Array.from({length: 20_000}, (_, i) => JSON.stringify({id: String(i), text: `line ${i} ✓`}))
    writeFileSync(file, many.join('\n') + '\n')
    const read = await collect(linesBackward(file, {chunkSize: 4096}))
    expect(read.length).toBe(many.length)
    expect(read[0].line).toBe(many.at(-1))
    expect(read.at(-1)).toEqual({line: many[0], start: 0})
  })
})

describe('checkpoint files', () => {
  const checkpoint = (floor: string): Checkpoint => ({
    ...initialCheckpoint({user: '118825642', order: 'asc', since: null, until: null}),
    floor,
  })

  test('an atomic write replaces the content and leaves no temp file', async () => {
    const dir = scratch()
    const file = join(dir, 'x.checkpoint.json')
    await saveCheckpoint(file, checkpoint('100'))
    await saveCheckpoint(file, checkpoint('200'))
    expect((await loadCheckpoint(file))?.floor).toBe('200')
    expect(readdirSync(dir)).toEqual(['x.checkpoint.json'])
  })

  test('a reader during many writes always sees the old or the new object, never half of one', async () => {
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

  test('no checkpoint is undefined; a damaged one is exit 2, naming the file', async () => {
    const dir = scratch()
    expect(await loadCheckpoint(join(dir, 'missing.json'))).toBeUndefined()
    writeFileSync(join(dir, 'bad.json'), '{"version": 1, "phase": "wal')
    await expect(loadCheckpoint(join(dir, 'bad.json'))).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining(join(dir, 'bad.json'))})
    writeFileSync(join(dir, 'other.json'), JSON.stringify({...checkpoint('1'), floor: 17e17}))
    await expect(loadCheckpoint(join(dir, 'other.json'))).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining('this version understands')})
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

/** A context for the local phases (they send nothing: an empty sandbox); `crashOnCommit` makes the n-th commit fail. */
function localContext(out: string, checkpoint: Checkpoint, crashOnCommit?: number): ExportRun {
  let commits = 0
  const context: ExportRun = {
    client: new SandboxClient(new SandboxStore({id: '100000001', name: 'Me', avatar_url: null}, 'http://sandbox.invalid')),
    out,
    checkpointFile: `${out}.checkpoint.json`,
    spool: `${out}.spool`,
    checkpoint,
    pageSize: 100,
    media: {saved: 0, skipped: 0, failed: 0},
    progress: {start() {}, advance() {}, stop() {}},
    critical: (work) => work(),
    warn() {},
    persisted: true,
    pages: 0,
    commit: async () => {
      if (++commits === crashOnCommit) throw new Error('crash')
      await saveCheckpoint(context.checkpointFile, checkpoint)
    },
  }
  return context
}

describe('finishing a walk, resumably', () => {
  const message = (i: number) => JSON.stringify({id: String(179_000_000_000_000_000n + BigInt(i)), text: `m${i}`}) + '\n'

  test('a flush stopped between a write and its checkpoint resumes without duplicates', async () => {
    const out = join(scratch(), 'asc.jsonl')
    const old = Array.from({length: 5}, (_, i) => message(i)).join('')
    const spooled = Array.from({length: 2500}, (_, i) => message(2504 - i)).join('')
    writeFileSync(out, old)
    writeFileSync(`${out}.spool`, spooled)
    const checkpoint: Checkpoint = {
      ...initialCheckpoint({user: '1', order: 'asc', since: null, until: null}),
      phase: 'flushing',
      sink: 'spool',
      fileBytes: Buffer.byteLength(old),
      fileLines: 5,
      spoolBytes: Buffer.byteLength(spooled),
      spoolLines: 2500,
    }
    await saveCheckpoint(`${out}.checkpoint.json`, checkpoint)
    // The second batch is appended, then the run dies before its checkpoint.
    await expect(flush(localContext(out, structuredClone(checkpoint), 2))).rejects.toThrow('crash')
    const saved = (await loadCheckpoint(`${out}.checkpoint.json`))!
    expect(saved.fileLines).toBe(1005)
    expect(saved.spoolLines).toBe(1500)

    await flush(localContext(out, saved))
    const expected = Array.from({length: 2505}, (_, i) => message(i)).join('')
    expect(readFileSync(out, 'utf8')).toBe(expected)
    expect(readdirSync(join(out, '..')).sort()).toEqual(['asc.jsonl', 'asc.jsonl.checkpoint.json'])
    expect(await loadCheckpoint(`${out}.checkpoint.json`)).toMatchObject({phase: 'done', fileLines: 2505, spoolBytes: 0})
  })

  test('a merge stopped after its rename only writes the checkpoint on resume', async () => {
    const out = join(scratch(), 'desc.jsonl')
    const old = message(2) + message(1)
    const fresh = message(4) + message(3)
    writeFileSync(out, old)
    writeFileSync(`${out}.spool`, fresh + 'half a li')
    const checkpoint: Checkpoint = {
      ...initialCheckpoint({user: '1', order: 'desc', since: null, until: null}),
      phase: 'merging',
      sink: 'spool',
      fileBytes: Buffer.byteLength(old),
      fileLines: 2,
      spoolBytes: Buffer.byteLength(fresh),
      spoolLines: 2,
    }
    await saveCheckpoint(`${out}.checkpoint.json`, checkpoint)
    await expect(merge(localContext(out, structuredClone(checkpoint), 1))).rejects.toThrow('crash')
    expect(readFileSync(out, 'utf8')).toBe(fresh + old)

    await merge(localContext(out, (await loadCheckpoint(`${out}.checkpoint.json`))!))
    expect(readFileSync(out, 'utf8')).toBe(fresh + old)
    expect(await loadCheckpoint(`${out}.checkpoint.json`)).toMatchObject({phase: 'done', fileLines: 4, fileBytes: Buffer.byteLength(fresh + old)})
  })

  test('a merge stopped before its rename starts the copy again', async () => {
    const out = join(scratch(), 'desc.jsonl')
    const old = message(2) + message(1)
    const fresh = message(3)
    writeFileSync(out, old)
    // A copy that was cut short: part of FILE already behind the spool's committed bytes.
    writeFileSync(`${out}.spool`, fresh + old.slice(0, 10))
    const checkpoint: Checkpoint = {
      ...initialCheckpoint({user: '1', order: 'desc', since: null, until: null}),
      phase: 'merging',
      sink: 'spool',
      fileBytes: Buffer.byteLength(old),
      fileLines: 2,
      spoolBytes: Buffer.byteLength(fresh),
      spoolLines: 1,
    }
    await merge(localContext(out, checkpoint))
    expect(readFileSync(out, 'utf8')).toBe(fresh + old)
    await expect(rename(`${out}.spool`, `${out}.x`)).rejects.toThrow()
  })
})
