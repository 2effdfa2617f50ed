import {Readable} from 'node:stream'
import {IOStreams} from '../../src/core/io.js'
import {readSettings} from '../../src/core/settings.js'
import {MemorySink} from '../unit/helpers/streams.js'

export interface TestIOOptions {
  /** What stdin holds; default nothing. */
  stdin?: string | Buffer
  stdinTTY?: boolean
  stdoutTTY?: boolean
  stderrTTY?: boolean
  /** The terminal's width, when stdout is one. */
  columns?: number
  /** For colour: NO_COLOR, FORCE_COLOR, TERM. */
  env?: NodeJS.ProcessEnv
}

export interface TestIO {
  io: IOStreams
  stdout: MemorySink
  stderr: MemorySink
}

/** IOStreams over memory, as gh's iostreams.Test(): stdin from a string, stdout and stderr kept. */
export function testIO(options: TestIOOptions = {}): TestIO {
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), {isTTY: options.stdinTTY})
  const stdout = Object.assign(new MemorySink(), {isTTY: options.stdoutTTY, columns: options.columns})
  const stderr = Object.assign(new MemorySink(), {isTTY: options.stderrTTY})
  return {io: new IOStreams(stdin, stdout, stderr, readSettings(options.env ?? {})), stdout, stderr}
}
