import type {ChildProcess} from 'node:child_process'
import {Writable} from 'node:stream'
import type {Pager} from './settings.js'

/** A stream with a file descriptor of its own (process.stdout) can be handed to a child as it is. */
type Sink = NodeJS.WritableStream & {fd?: unknown}

/** A running pager: what is written to `input` is paged; `close()` ends the input and waits for the pager to exit. */
export interface RunningPager {
  readonly input: Writable
  close(): Promise<void>
}

/**
 * Start the pager (as gh's StartPager): its words split as a shell would, no shell in between,
 * writing to our stdout and stderr. Rejects when it cannot be started (a misspelt PAGER).
 */
export async function startPager(pager: Pager, stdout: Sink, stderr: Sink): Promise<RunningPager> {
  const {spawn} = await import('node:child_process')
  const [file, ...args] = splitWords(pager.command)
  const child = spawn(file, args, {stdio: ['pipe', descriptor(stdout), descriptor(stderr)], env: pager.env})
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  // A child without our descriptors (a test's memory streams) writes through pipes.
  child.stdout?.pipe(stdout, {end: false})
  child.stderr?.pipe(stderr, {end: false})
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const input = new PagerInput(child)
  return {
    input,
    async close() {
      if (!input.destroyed) input.end()
      await exited
    },
  }
}

/**
 * The pager's stdin. When the pager is quit before the output ends (q in less), writing fails with
 * EPIPE, as writing to `| head` does; the run then ends quietly (BaseCommand.catch).
 */
class PagerInput extends Writable {
  constructor(private readonly child: ChildProcess) {
    super()
    child.stdin!.on('error', (error) => this.destroy(error))
    child.once('close', () => this.destroy(Object.assign(new Error('the pager was closed'), {code: 'EPIPE'})))
    // Reported to the writer through writeChunk (src/output/stream.ts), not as an uncaught 'error'.
    this.on('error', () => {})
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.child.stdin!.write(chunk, encoding, callback)
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin!.end(callback)
  }
}

function descriptor(stream: Sink): number | 'pipe' {
  return typeof stream.fd === 'number' ? stream.fd : 'pipe'
}

/** `less -R "+G"` → ['less', '-R', '+G']: words split on blanks, quotes and backslashes as in sh. */
export function splitWords(command: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quote: string | undefined
  for (let index = 0; index < command.length; index++) {
    const char = command[index]
    if (quote) {
      if (char === quote) quote = undefined
      else if (char === '\\' && quote === '"' && index + 1 < command.length) word += command[++index]
      else word += char
    } else if (char === "'" || char === '"') {
      quote = char
      word ??= ''
    } else if (char === '\\' && index + 1 < command.length) {
      word = (word ?? '') + command[++index]
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else {
      word = (word ?? '') + char
    }
  }

  if (word !== undefined) words.push(word)
  return words
}
