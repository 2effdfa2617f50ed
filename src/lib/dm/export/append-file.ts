import {type FileHandle, open, stat, truncate} from 'node:fs/promises'
import {UsageError} from '../../../core/errors.js'

/** A file's size, or undefined when it does not exist. */
export async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Cut a file back to what its checkpoint committed: anything beyond is a page written when the
 * run stopped before its checkpoint. Shorter than committed means someone else changed it.
 */
export async function cutToCommitted(path: string, committed: number, checkpoint: string): Promise<void> {
  const size = (await sizeOf(path)) ?? 0
  if (size < committed) {
    throw new UsageError(
      `${path} holds ${size} bytes but ${checkpoint} says ${committed} were written: it was changed by something else. ` +
        'Remove both (or choose another --out) to start over',
    )
  }

  if (size > committed) await truncate(path, committed)
}

/** Archives are private messages: new files are readable by their owner only. */
export const PRIVATE_FILE_MODE = 0o600

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
