import {createReadStream, createWriteStream} from 'node:fs'
import {rename, rm, truncate} from 'node:fs/promises'
import {pipeline} from 'node:stream/promises'
import {UsageError} from '../../../core/errors.js'
import type {ExportRun} from './run.js'
import {AppendFile, cutToCommitted, sizeOf} from './append-file.js'
import {PRIVATE_FILE_MODE} from '../../../core/files.js'
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
