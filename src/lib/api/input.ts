import {open} from 'node:fs/promises'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {mebibytes} from '../../base/size.js'

/** The most a request body or a field's file may be: far above any GroupMe request, far below memory trouble. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024

/** A file for `--input FILE` or `-F key=@FILE`, read whole, up to MAX_INPUT_BYTES. */
export async function readInputFile(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const {size} = await file.stat()
    if (size > MAX_INPUT_BYTES) throw tooLarge(path)
    return await file.readFile()
  } finally {
    await file.close()
  }
}

/** All of stdin, for `--input -` or `-F key=@-`, up to MAX_INPUT_BYTES. */
export async function readInputStdin(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += bytes.length
    if (size > MAX_INPUT_BYTES) throw tooLarge('-')
    chunks.push(bytes)
  }

  return Buffer.concat(chunks)
}

function tooLarge(path: string): UsageError {
  return new UsageError(`${path === '-' ? 'stdin' : JSON.stringify(sanitizeLine(path))} is larger than ${mebibytes(MAX_INPUT_BYTES, 0)}, the most a request may send`)
}
