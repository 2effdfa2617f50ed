import {randomBytes} from 'node:crypto'
import {mkdir, open, rename, unlink} from 'node:fs/promises'
import {dirname} from 'node:path'

/**
 * Replace a file atomically: write a temporary file beside it, flush it to disk, then rename it
 * over the target. A reader, or a crash at any point, sees the old content or the new, never half.
 * The temporary file is created with `mode`, so a secret is never readable by others.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: {mode?: number} = {}): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const file = await open(temporary, 'wx', options.mode ?? 0o644)
  try {
    try {
      await file.writeFile(data)
      await file.sync()
    } finally {
      await file.close()
    }

    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }

  await syncDirectory(dirname(path))
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
