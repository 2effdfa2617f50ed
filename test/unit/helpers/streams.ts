import {Writable} from 'node:stream'

/** A Writable that keeps everything written to it, as text. */
export class MemorySink extends Writable {
  private readonly chunks: string[] = []
  /** How many write() calls arrived. */
  writes = 0

  constructor() {
    super({decodeStrings: false})
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writes++
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
    callback()
  }

  get text(): string {
    return this.chunks.join('')
  }
}

export interface Sinks {
  stdout: MemorySink
  stderr: MemorySink
}

export function sinks(): Sinks {
  return {stdout: new MemorySink(), stderr: new MemorySink()}
}
