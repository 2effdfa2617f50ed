import {chooseMode, type OutputChoice, type OutputMode} from '../output/mode.js'
import {type Progress, progressFor} from '../output/progress.js'
import type {OutputStreams} from '../output/render.js'
import type {RunningPager} from './pager.js'
import type {Settings} from './settings.js'
import {readStrictText} from './strict-text.js'

/** What the CLI reads from: process.stdin, or a test's text. */
export type InputStream = NodeJS.ReadableStream & {isTTY?: boolean}

/** What the CLI writes to: process.stdout and process.stderr, or a test's memory sinks. */
export type OutputStream = NodeJS.WritableStream & {isTTY?: boolean; columns?: number}

/**
 * The one owner of the CLI's streams (as gh's iostreams is): stdin, stdout and stderr, whether
 * each is a terminal, the terminal's width, colour, the pager, whether it may ask a question, and
 * progress bars. Nothing else in the CLI touches process.stdin, process.stdout or process.stderr; a
 * test builds one over memory (test/helpers/io.ts).
 */
export class IOStreams implements OutputStreams {
  private pager?: RunningPager

  constructor(
    readonly stdin: InputStream,
    private readonly terminalOut: OutputStream,
    readonly stderr: OutputStream,
    private readonly settings: Pick<Settings, 'dumbTerminal' | 'forceColor' | 'noColor' | 'clicolorOff' | 'timeZone' | 'pager'>,
  ) {}

  /** The process's own streams. */
  static system(settings: Settings): IOStreams {
    return new IOStreams(process.stdin, process.stdout, process.stderr, settings)
  }

  get stdinIsTTY(): boolean {
    return this.stdin.isTTY === true
  }

  /** Where data goes: the pager's input while one runs, else stdout itself. */
  get stdout(): OutputStream {
    return this.pager?.input ?? this.terminalOut
  }

  /** Whether stdout is a terminal (while paging too: the pager shows it on one). */
  get stdoutIsTTY(): boolean {
    return this.terminalOut.isTTY === true
  }

  /**
   * Tables on a terminal, lines in a pipe, JSON when asked; colour as the flags, terminal and
   * environment allow; `now` for relative times.
   */
  outputMode(choice: OutputChoice, now: number): OutputMode {
    return chooseMode(choice, this.terminalOut, this.settings, now)
  }

  /**
   * Send stdout through the pager until stopPager() (gh's StartPager): only when stdout is a
   * terminal and a pager is set (GROUPME_PAGER, PAGER, `less -FRX`; `cat` or empty is none). A
   * pager that cannot be started is said on stderr, and output goes to the terminal as it is.
   */
  async startPager(): Promise<void> {
    const pager = this.settings.pager
    if (this.pager || !pager || !this.stdoutIsTTY) return
    const {startPager} = await import('./pager.js')
    try {
      this.pager = await startPager(pager, this.terminalOut, this.stderr)
    } catch (error) {
      this.stderr.write(`groupme: could not start the pager ${JSON.stringify(pager.command)} (${(error as Error).message}); set GROUPME_PAGER=cat to go without\n`)
    }
  }

  /**
   * End the pager's input and wait until it is closed (the reader may still be reading). Output
   * written meanwhile goes nowhere: it must not appear on the terminal under the pager's screen.
   */
  async stopPager(): Promise<void> {
    await this.pager?.close()
    this.pager = undefined
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
