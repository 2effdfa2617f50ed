import {createHash, randomBytes} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {mkdir, open, readdir, rename, unlink} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {isRunning} from './processes.js'

/** Archives, exports, state files and the token are private: new files are readable by their owner only. */
export const PRIVATE_FILE_MODE = 0o600
/** ...and the folders the tool makes for them, usable by their owner only. */
export const PRIVATE_DIR_MODE = 0o700

/** A temporary file beside `path`: `<path>.<pid>.<8 hex>.tmp`, so that its writer is known. */
export function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
}

/**
 * Remove the temporary files a killed run left beside `path` (`<path>[.suffix].<pid>.<hex>.tmp`,
 * the lock's and the file's own): only names of that form, only those whose
 * writer is no longer running. Best effort: a file that cannot be removed stays.
 */
export function removeStaleTemporaries(path: string): Promise<void> {
  const base = basename(path)
  return removeStaleTemporariesIn(dirname(path), (name) => name === base || (name.startsWith(`${base}.`) && /^[\w.-]+$/.test(name.slice(base.length))))
}

/**
 * Remove the temporary files of dead writers in `directory` whose name, less `.<pid>.<hex>.tmp`,
 * is one `isOurs` accepts (e.g. the images dm export saves there).
 */
export async function removeStaleTemporariesIn(directory: string, isOurs: (name: string) => boolean): Promise<void> {
  await removeFilesOfDeadWriters(directory, (name) => {
    const match = /^(.+)\.(\d+)\.[\da-f]{8}\.tmp$/.exec(name)
    return match && isOurs(match[1]) ? Number(match[2]) : undefined
  })
}

/**
 * Remove the files in `directory` whose writer (the pid `writerOf` reads from the name; undefined
 * for a file that is not one of these) no longer runs. Best effort: a file that cannot go stays.
 */
export async function removeFilesOfDeadWriters(directory: string, writerOf: (name: string) => number | undefined): Promise<void> {
  let names: string[]
  try {
    names = await readdir(directory)
  } catch {
    return
  }

  for (const name of names) {
    const pid = writerOf(name)
    if (pid === undefined || pid === process.pid || isRunning(pid)) continue
    await unlink(join(directory, name)).catch(() => {})
  }
}

/**
 * Replace a file atomically: write a temporary file beside it, flush it to disk, then rename it
 * over the target. A reader, or a crash at any point, sees the old content or the new, never half.
 * The temporary file is created with `mode`, so a secret is never readable by others.
 * `durable: false` skips the two fsyncs, for files that can be made again (the pages of
 * `archive html`): a process crash still leaves old or new, only an OS crash may lose the write.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: {mode?: number; durable?: boolean} = {}): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  await writeChunksAtomic(path, [data], options)
}

/** What a streamed atomic write gathers before each write to the file: few system calls, bounded memory. */
const WRITE_BUFFER_BYTES = 64 * 1024

/**
 * writeFileAtomic for content streamed in `chunks` (lines, say: they are gathered into writes of
 * about 64 KiB, so memory holds one of them whatever the file's size), into a folder that exists.
 * Gives the bytes written and their sha256.
 */
export async function writeChunksAtomic(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  options: {mode?: number; durable?: boolean} = {},
): Promise<{bytes: number; sha256: string}> {
  const temporary = temporaryPathFor(path)
  const file = await open(temporary, 'wx', options.mode ?? 0o644)
  const durable = options.durable ?? true
  const hash = createHash('sha256')
  let bytes = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  const flush = async () => {
    const data = Buffer.concat(pending)
    pending = []
    pendingBytes = 0
    hash.update(data)
    for (let done = 0; done < data.length; ) done += (await file.write(data, done, data.length - done)).bytesWritten
    bytes += data.length
  }

  try {
    try {
      for (const chunk of chunks) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
        pending.push(Buffer.isBuffer(data) ? data : Buffer.from(data))
        pendingBytes += data.length
        if (pendingBytes >= WRITE_BUFFER_BYTES) await flush()
      }

      await flush()
      if (durable) await file.sync()
    } finally {
      await file.close()
    }

    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }

  if (durable) await syncDirectory(dirname(path))
  return {bytes, sha256: hash.digest('hex')}
}

export function writeJsonAtomic(path: string, value: unknown, options: {mode?: number} = {}): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', options)
}

/** Make the rename itself durable; some file systems refuse to open a directory, which is fine. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Best effort only.
  }
}

/** The sha256 of a file's bytes, read as a stream. */
export function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')))
  })
}
