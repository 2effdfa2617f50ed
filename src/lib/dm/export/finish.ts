import {createReadStream, createWriteStream} from 'node:fs'
import {open, rename, rm, truncate} from 'node:fs/promises'
import {createInterface} from 'node:readline'
import {pipeline} from 'node:stream/promises'
import {parseJsonLossless} from '../../../base/json.js'
import {UsageError} from '../../../base/errors.js'
import {compareIds, isNumericId} from '../../../api/ids.js'
import type {ExportRun} from './run.js'
import {PRIVATE_FILE_MODE} from '../../../base/files.js'
import {AppendFile, cutToCommitted, sizeOf} from './append-file.js'
import {linesBackward} from './reverse-lines.js'

/** Lines moved per commit while flushing: bounded memory, few checkpoint writes. */
const FLUSH_BATCH = 1000

/**
 * --order asc: the spool holds the walk newest first. Read it backwards and append to FILE,
 * cutting each batch off the spool's end once the checkpoint records it: a stopped flush resumes
 * exactly where it was, and disk use never doubles.
 */
export async function flush(context: ExportRun): Promise<void> {
  const {checkpoint, spool} = context
  await cutToCommitted(spool, checkpoint.spoolBytes, context.checkpointFile)
  const file = await AppendFile.open(context.out, checkpoint.fileBytes, context.checkpointFile)
  try {
    let batch: string[] = []
    let start = checkpoint.spoolBytes
    const commitBatch = () =>
      context.critical(async () => {
        await file.append(batch.join(''))
        checkpoint.fileBytes = file.size
        checkpoint.fileLines += batch.length
        checkpoint.spoolLines -= batch.length
        checkpoint.spoolBytes = start
        await context.commit()
        await truncate(spool, start)
        batch = []
      })
    for await (const line of linesBackward(spool, {end: checkpoint.spoolBytes})) {
      batch.push(line.line + '\n')
      start = line.start
      if (batch.length >= FLUSH_BATCH) await commitBatch()
    }

    if (batch.length > 0) await commitBatch()
  } finally {
    await file.close()
  }

  await context.critical(async () => {
    Object.assign(checkpoint, {phase: 'done', spoolBytes: 0, spoolLines: 0})
    await context.commit()
  })
  await rm(spool, {force: true})
}

/**
 * --order desc, FILE not empty: the spool holds the new messages newest first. FILE is appended
 * to it and the spool renamed over FILE. Until the rename, FILE is untouched; after it, FILE's
 * size tells a resumed run that only the checkpoint is left to write.
 */
export async function merge(context: ExportRun): Promise<void> {
  const {checkpoint, spool, out} = context
  const merged = checkpoint.fileBytes + checkpoint.spoolBytes
  if ((await sizeOf(spool)) === undefined) {
    if ((await sizeOf(out)) !== merged) {
      throw new UsageError(`${spool} is missing and ${out} is not the merged file ${context.checkpointFile} expects; remove both to start over`)
    }
  } else {
    await cutToCommitted(spool, checkpoint.spoolBytes, context.checkpointFile)
    if (((await sizeOf(out)) ?? 0) < checkpoint.fileBytes) {
      throw new UsageError(`${out} is shorter than ${context.checkpointFile} says; remove both to start over`)
    }

    if (checkpoint.fileBytes > 0) {
      await pipeline(createReadStream(out, {start: 0, end: checkpoint.fileBytes - 1}), createWriteStream(spool, {flags: 'a', mode: PRIVATE_FILE_MODE}))
    }
  }

  await context.critical(async () => {
    if ((await sizeOf(spool)) !== undefined) await rename(spool, out)
    Object.assign(checkpoint, {
      phase: 'done',
      fileBytes: merged,
      fileLines: checkpoint.fileLines + checkpoint.spoolLines,
      spoolBytes: 0,
      spoolLines: 0,
    })
    await context.commit()
  })
}

/**
 * After a walk through the whole history: FILE and the spool are merged by id into FILE.fill, each
 * message once (FILE's line is kept when both hold it), and FILE.fill is renamed over FILE. FILE
 * only ever changes by that rename, so a run stopped anywhere here does it all again, with the
 * same result: merging the merged FILE with the spool adds nothing.
 */
export async function fill(context: ExportRun): Promise<void> {
  const {checkpoint, spool, out} = context
  await cutToCommitted(spool, checkpoint.spoolBytes, context.checkpointFile)
  const ascending = checkpoint.options.order === 'asc'
  const merged = `${out}.fill`
  const target = await open(merged, 'w', PRIVATE_FILE_MODE)
  let lines = 0
  let bytes = 0
  try {
    let batch: string[] = []
    const write = async (line: string) => {
      batch.push(line + '\n')
      lines++
      if (batch.length >= FLUSH_BATCH) await drain()
    }

    const drain = async () => {
      const chunk = batch.join('')
      batch = []
      bytes += Buffer.byteLength(chunk)
      await target.write(chunk)
    }

    // The spool holds the walk newest first; FILE is in --order.
    const kept = linesForward(out)
    const found = ascending ? backward(spool, checkpoint.spoolBytes) : linesForward(spool)
    let a = await kept.next()
    let b = await found.next()
    while (!a.done || !b.done) {
      const order = a.done ? 1 : b.done ? -1 : compareIds(a.value.id, b.value.id) * (ascending ? 1 : -1)
      if (order <= 0) {
        await write(a.value!.line)
        if (order === 0) b = await found.next()
        a = await kept.next()
      } else {
        await write(b.value!.line)
        b = await found.next()
      }
    }

    await drain()
    await target.sync()
  } finally {
    await target.close()
  }

  await context.critical(async () => {
    await rename(merged, out)
    Object.assign(checkpoint, {phase: 'done', fileBytes: bytes, fileLines: lines, spoolBytes: 0, spoolLines: 0})
    await context.commit()
  })
  await rm(spool, {force: true})
}

interface IdLine {
  line: string
  id: string
}

async function* linesForward(path: string): AsyncGenerator<IdLine> {
  const reader = createInterface({input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY})
  for await (const line of reader) if (line !== '') yield {line, id: idOf(line, path)}
}

async function* backward(path: string, end: number): AsyncGenerator<IdLine> {
  for await (const {line} of linesBackward(path, {end})) yield {line, id: idOf(line, path)}
}

/** The message id of an archive line, as a string whether it was written as one or as a bare number. */
function idOf(line: string, path: string): string {
  let id: unknown
  try {
    id = (parseJsonLossless(line) as {id?: unknown} | null)?.id
  } catch {
    id = undefined
  }

  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id)
  if (typeof id === 'string' && isNumericId(id)) return id
  throw new UsageError(`${path} holds a line that is not a message with a numeric id; it cannot be merged by id`)
}
