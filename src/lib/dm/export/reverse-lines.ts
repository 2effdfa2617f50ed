import {open} from 'node:fs/promises'

export interface BackwardLine {
  line: string
  /** Byte offset where the line starts: truncating the file there removes it and everything after. */
  start: number
}

const NEWLINE = 0x0a

/**
 * The lines of a file from last to first, reading `chunkSize` bytes at a time from the end, so
 * memory holds one chunk and one line whatever the file's size. Splitting on the byte 0x0A is safe
 * in UTF-8: it never occurs inside a multi-byte character. Empty lines are skipped.
 */
export async function* linesBackward(
  path: string,
  options: {end?: number; chunkSize?: number} = {},
): AsyncGenerator<BackwardLine> {
  const chunkSize = options.chunkSize ?? 64 * 1024
  const handle = await open(path, 'r')
  try {
    let position = options.end ?? (await handle.stat()).size
    // Pieces of the line being assembled, right of `position`, in file order.
    let pending: Buffer[] = []
    while (position > 0) {
      const size = Math.min(chunkSize, position)
      position -= size
      const chunk = Buffer.alloc(size)
      await readFully(handle, chunk, position)
      let lineEnd = size
      for (let i = size - 1; i >= 0; i--) {
        if (chunk[i] !== NEWLINE) continue
        const line = Buffer.concat([chunk.subarray(i + 1, lineEnd), ...pending])
        pending = []
        lineEnd = i
        if (line.length > 0) yield {line: line.toString('utf8'), start: position + i + 1}
      }

      if (lineEnd > 0) pending.unshift(chunk.subarray(0, lineEnd))
    }

    const first = Buffer.concat(pending)
    if (first.length > 0) yield {line: first.toString('utf8'), start: 0}
  } finally {
    await handle.close()
  }
}

async function readFully(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < buffer.length) {
    const {bytesRead} = await handle.read(buffer, done, buffer.length - done, position + done)
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`)
    done += bytesRead
  }
}
