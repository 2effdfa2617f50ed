import {chooseMode, type OutputChoice, type OutputMode} from '../output/mode.js'
import {type Progress, progressFor} from '../output/progress.js'
import type {OutputStreams} from '../output/render.js'
import type {Settings} from './settings.js'
import {readStrictText} from './strict-text.js'

/** What the CLI reads from: process.stdin, or a test's text. */
export type InputStream = NodeJS.ReadableStream & {isTTY?: boolean}

/** What the CLI writes to: process.stdout and process.stderr, or a test's memory sinks. */
export type OutputStream = NodeJS.WritableStream & {isTTY?: boolean; columns?: number}

/**
 * The one owner of the CLI's streams (as gh's iostreams is): stdin, stdout and stderr, whether
 * each is a terminal, the terminal's width, colour, whether it may ask a question, and progress
 * bars. Nothing else in the CLI touches process.stdin, process.stdout or process.stderr; a test
 * builds one over memory (test/helpers/io.ts).
 */
export class IOStreams implements OutputStreams {
  constructor(
    readonly stdin: InputStream,
    readonly stdout: OutputStream,
    readonly stderr: OutputStream,
    private readonly settings: Pick<Settings, 'dumbTerminal' | 'forceColor' | 'noColor'>,
  ) {}

  /** The process's own streams. */
  static system(settings: Settings): IOStreams {
    return new IOStreams(process.stdin, process.stdout, process.stderr, settings)
  }

  get stdinIsTTY(): boolean {
    return this.stdin.isTTY === true
  }

  /** Tables on a terminal, lines in a pipe, JSON when asked; colour as the flags, terminal and environment allow. */
  outputMode(choice: OutputChoice): OutputMode {
    return chooseMode(choice, this.stdout, this.settings)
  }

  /** A question needs someone to answer it (stdin) and to see it (stderr). */
  canPrompt(): boolean {
    return this.stdinIsTTY && this.stderr.isTTY === true
  }

  /** Ask on stderr, read the answer from stdin; rejects on Ctrl-C or Ctrl-D. */
  async prompt(question: string): Promise<string> {
    // Loaded when a question is asked, not at every start.
    const {createInterface} = await import('node:readline')
    const readline = createInterface({input: this.stdin, output: this.stderr})
    try {
      // Node 20's question() never settles when the input ends (Ctrl-D), so the events are read here.
      return await new Promise<string>((resolve, reject) => {
        readline.once('line', resolve)
        readline.once('close', () => reject(new Error('no answer: the input was closed')))
        readline.once('SIGINT', () => reject(new Error('no answer: interrupted')))
        readline.setPrompt(question)
        readline.prompt()
      })
    } finally {
      readline.close()
    }
  }

  /**
   * All of stdin as text, refused (exit 2) rather than changed when it is not strict UTF-8, holds
   * a NUL byte or is over MAX_STDIN_BYTES. `what` names the input in the message.
   */
  async readStdin(what: string): Promise<string> {
    return readStrictText(this.stdin, what)
  }

  /** A progress bar on stderr when it is a terminal; silent otherwise. */
  progress(now: () => number): Progress {
    return progressFor(this.stderr, now)
  }

  /**
   * Resolve once everything written to stdout so far has been handed to the OS, and reject if it
   * could not be (EPIPE): a state file must not move past output that never left.
   */
  flushed(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stdout.write('', (error?: Error | null) => (error ? reject(error) : resolve()))
    })
  }
}
