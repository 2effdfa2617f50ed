/**
 * dm export's FILE: written whole from the archive into a temporary file beside it, flushed, then
 * renamed over it, so a reader or a kill at any moment sees the last export or the new one, never
 * half of one. The archive records what it wrote (`exports`), so a FILE something else changed is
 * refused instead of overwritten. docs/archive.md, "dm export".
 */
import {createReadStream, type Stats} from 'node:fs'
import {stat} from 'node:fs/promises'
import {createInterface} from 'node:readline'
import type {Message} from '../../../api/api.js'
import {FileError, isMissing} from '../../../base/file-errors.js'
import {fileSha256, PRIVATE_FILE_MODE, writeChunksAtomic} from '../../../base/files.js'
import {parseJsonLossless} from '../../../base/json.js'
import {isRecord, kindOf} from '../../../base/json-file.js'
import {isNumericId} from '../../../api/ids.js'
import {realTarget} from '../../../core/real-path.js'
import type {ArchiveStore} from '../../archive/store.js'

/**
 * What `--out` names, every symbolic link followed: a regular file, or nothing yet. A directory
 * or a device (`/dev/null`) cannot be replaced by rename (`-` is refused before this, in the flag layer).
 */
export async function exportTarget(out: string): Promise<string> {
  const target = await realTarget(out)
  let info: Stats
  try {
    info = await stat(target)
  } catch (error) {
    if (isMissing(error)) return target
    throw error
  }

  if (!info.isFile()) throw new FileError(`--out ${out} is ${kindOf(info)}, not a regular file: dm export writes a file it can resume`)
  return target
}

/**
 * FILE may be replaced when it is empty or missing, when it is what the archive recorded writing
 * there, or (a run killed between its rename and its record, or another archive's export) when
 * every line is a message this archive holds. Anything else is exit 2, FILE untouched.
 */
export async function checkExportFile(store: ArchiveStore, file: string): Promise<void> {
  const size = await sizeOf(file)
  if (size === undefined || size === 0) return
  const record = store.exportOf(file)
  if (record && record.bytes === size && (await fileSha256(file)) === record.sha256) return
  let number = 0
  const lines = createInterface({input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY})
  for await (const line of lines) {
    number++
    const id = parseExportLine(line)?.id
    if (id !== undefined && store.hasMessage(id)) continue
    lines.close()
    throw new FileError(
      `${file} holds lines that are not messages dm export wrote from this archive (line ${number} is not), ` +
        'so it is not replaced: move it away (or choose another --out), then run again',
    )
  }
}

/** Replace FILE with these lines (each a message as the service sent it), private to its owner. */
export async function writeExportFile(file: string, lines: Iterable<string>): Promise<{messages: number; bytes: number; sha256: string}> {
  let messages = 0
  function* withNewlines(): Generator<string> {
    for (const line of lines) {
      messages++
      yield line + '\n'
    }
  }

  const written = await writeChunksAtomic(file, withNewlines(), {mode: PRIVATE_FILE_MODE})
  return {messages, ...written}
}

/** A line of an export: a message, with its id as a string whether it was written as one or as a bare number; undefined for any other line. */
export function parseExportLine(line: string): {id: string; message: Message} | undefined {
  let value: unknown
  try {
    value = parseJsonLossless(line)
  } catch {
    return undefined
  }

  if (!isRecord(value) || typeof value.created_at !== 'number') return undefined
  const id = typeof value.id === 'number' && Number.isSafeInteger(value.id) ? String(value.id) : value.id
  return typeof id === 'string' && isNumericId(id) ? {id, message: value as Message} : undefined
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }
}
