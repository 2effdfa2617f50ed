import {UsageError} from '../base/errors.js'

/** More than any text stdin may carry here (1,000 characters, or a token): a bigger input is a mistake. */
export const MAX_STDIN_BYTES = 64 * 1024

/**
 * Strict UTF-8 without NUL bytes (a leading BOM is dropped), or a usage error: bytes that are not
 * UTF-8 would be sent as U+FFFD, and a NUL byte is no part of any text. `what` names the input.
 */
function decodeText(bytes: Buffer, what: string): string {
  const nul = bytes.indexOf(0)
  if (nul !== -1) throw new UsageError(`${what} on stdin holds a NUL byte (byte ${nul + 1}); nothing was sent`)
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    throw new UsageError(`${what} on stdin is not valid UTF-8; nothing was sent`)
  }
}

/** All of `stream` as strict text (decodeText), refused past MAX_STDIN_BYTES. */
export async function readStrictText(stream: NodeJS.ReadableStream, what: string): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += bytes.length
    if (size > MAX_STDIN_BYTES) throw new UsageError(`${what} on stdin is over ${MAX_STDIN_BYTES / 1024} KiB; nothing was sent`)
    chunks.push(bytes)
  }

  return decodeText(Buffer.concat(chunks), what)
}
