import {createHash} from 'node:crypto'
import type {Stats} from 'node:fs'
import {type FileHandle, open, stat, truncate} from 'node:fs/promises'
import {FileError, isMissing} from '../../../base/file-errors.js'
import {PRIVATE_FILE_MODE} from '../../../base/files.js'
import {kindOf} from '../../../base/json-file.js'
import {realTarget} from '../../../core/real-path.js'
import {shellQuote} from '../../../core/shell-quote.js'

/** A file's size, or undefined when it does not exist. */
export async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }
}

/**
 * What `--out` names, every symbolic link followed: a regular file, or nothing yet. A directory
 * or a device (`/dev/null`) cannot hold a resumable export and its checkpoint (`-` is refused
 * before this, in the flag layer).
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
 * Cut a file back to what its checkpoint committed. Bytes beyond it are a page written when the
 * run stopped before its checkpoint (cut when `beyond` is 'cut'), or, where no write was under
 * way, lines someone else added ('refuse': exit 2, naming the file; they are never cut silently).
 * Shorter than committed means someone else changed it. Gives the number of bytes cut.
 */
export async function cutToCommitted(path: string, committed: number, checkpoint: string, beyond: 'cut' | 'refuse' = 'cut'): Promise<number> {
  const size = (await sizeOf(path)) ?? 0
  if (size < committed) {
    throw new FileError(
      `${path} holds ${size} bytes but ${checkpoint} says ${committed} were written: it was changed by something else. ` +
        'Remove both (or choose another --out) to start over',
    )
  }

  if (size === committed) return 0
  if (beyond === 'refuse') {
    throw new FileError(
      `${path} has ${size - committed} bytes after the ${committed} that ${checkpoint} records: added by something other than dm export. ` +
        `Move them out of the file (the export's part ends at byte ${committed}: truncate -s ${committed} ${shellQuote(path)} keeps it), then run again`,
    )
  }

  await truncate(path, committed)
  return size - committed
}

/** How much of FILE's end the checkpoint's digest covers: one read, whatever the file's size. */
const END_DIGEST_BYTES = 4096

/** A digest of the last bytes of a file up to `end` (sha256 of at most 4 KiB before it). */
export async function endDigest(path: string, end: number): Promise<string> {
  const start = Math.max(0, end - END_DIGEST_BYTES)
  const buffer = Buffer.alloc(end - start)
  const handle = await open(path, 'r')
  try {
    let done = 0
    while (done < buffer.length) {
      const {bytesRead} = await handle.read(buffer, done, buffer.length - done, start + done)
      if (bytesRead === 0) break
      done += bytesRead
    }

    return createHash('sha256').update(buffer.subarray(0, done)).digest('hex')
  } finally {
    await handle.close()
  }
}

/** A FILE of the committed size whose last bytes are not the ones committed was changed by someone else. */
export async function checkEnd(path: string, committed: number, digest: string | undefined, checkpoint: string): Promise<void> {
  if (digest === undefined || (await endDigest(path, committed)) === digest) return
  throw new FileError(
    `${path} does not end with the messages ${checkpoint} records: it was changed by something else. ` +
      'Move it away (or remove both) to start over',
  )
}

/** Create the file if it does not exist yet. */
export async function touch(path: string): Promise<void> {
  await (await open(path, 'a', PRIVATE_FILE_MODE)).close()
}

/** A file opened for appending, which knows its size. */
export class AppendFile {
  private constructor(
    private readonly handle: FileHandle,
    public size: number,
  ) {}

  /** Open (creating it if need be) after cutting it to `committed` bytes. */
  static async open(path: string, committed: number, checkpoint: string): Promise<AppendFile> {
    await cutToCommitted(path, committed, checkpoint)
    return new AppendFile(await open(path, 'a', PRIVATE_FILE_MODE), committed)
  }

  async append(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8')
    let done = 0
    while (done < bytes.length) done += (await this.handle.write(bytes, done, bytes.length - done)).bytesWritten
    this.size += bytes.length
  }

  close(): Promise<void> {
    return this.handle.close()
  }
}
