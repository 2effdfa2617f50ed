import {once} from 'node:events'

/** Write and wait for the stream to drain when its buffer is full, so memory stays flat. */
export async function writeChunk(stream: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  if (chunk.length === 0) return
  // A reader that went away (the pager quit) ends the output as `| head` does: with EPIPE.
  if ((stream as {destroyed?: boolean}).destroyed) throw Object.assign(new Error('the reader went away'), {code: 'EPIPE'})
  if (!stream.write(chunk)) await once(stream, 'drain')
}
