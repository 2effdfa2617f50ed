import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Interfaces} from '@oclif/core'
import {Config} from '@oclif/core/config'
import {DEFAULT_RETRY_POLICY, type RetryPolicy} from '../../src/api/retry.js'
import {COMMANDS} from '../../src/cli.js'
import {type Clock, systemClock} from '../../src/base/clock.js'
import type {Services} from '../../src/core/context.js'
import type {Signals} from '../../src/core/interrupt.js'
import {readSettings} from '../../src/core/settings.js'
import {connectOverHttp} from '../../src/core/system.js'
import {type CliOptions as SpawnOptions, type CliResult, dataHomeFor, freshConfigDir, runCli as spawnCli, withOverrides} from '../e2e/helpers/cli.js'
import {testIO} from './io.js'

/** test/e2e/helpers/cli.ts's result and options, so a test reads the same either way. */
export type {CliResult} from '../e2e/helpers/cli.js'
export {freshConfigDir} from '../e2e/helpers/cli.js'

export interface CliOptions extends SpawnOptions {
  /** Pretend stdin and stderr are a terminal (the prompt in dm delete and dm purge). */
  terminal?: boolean
  /** Pretend stdout is a terminal this many columns wide (tables, the pager). */
  stdoutColumns?: number
  /** A fixed clock (epoch ms) for relative times; the real one otherwise. */
  now?: number
  /** The run's clock (a FakeClock, whose `slept` records the waits); `now` is ignored with it. */
  clock?: Clock
}

/**
 * The standard retries (5 attempts, the same statuses, Retry-After honoured as sent) without the
 * backoff's seconds between them: what a retry waits is a unit test's business (retryDelayMs).
 */
const QUICK_RETRIES: RetryPolicy = {...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 10}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let config: Promise<Config> | undefined

/**
 * Run one of the CLI's commands in this process, as `groupme <args>` would run it: oclif parses
 * the arguments, the command runs with a Context over memory streams, the environment given, and
 * the real HTTP client against the sandbox (retrying without the backoff's waits); the result is the exit code and what was written. No
 * process is started, so what only a process shows (signals, pipes, start-up, help from oclif's
 * plugins, unknown commands) is tested in test/e2e instead.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const {id, argv} = commandOf(args)
  const configDir = options.configDir ?? freshConfigDir()
  const env = withOverrides({GROUPME_CONFIG_DIR: configDir, XDG_DATA_HOME: dataHomeFor(options.sandbox), ...options.sandbox?.env}, options.env)

  config ??= loadConfig()
  const loaded = await config
  const settings = readSettings(env)
  const {io, stdout, stderr} = testIO({
    stdin: options.stdin ?? '',
    stdinTTY: options.terminal,
    stderrTTY: options.terminal,
    stdoutTTY: options.stdoutColumns !== undefined,
    columns: options.stdoutColumns,
    env,
  })
  const services: Services = {
    io,
    settings,
    clock: options.clock ?? (options.now === undefined ? systemClock : {...systemClock, now: () => options.now!}),
    signals: noSignals,
    configDir: env.GROUPME_CONFIG_DIR ?? configDir,
    connect: connectOverHttp(settings, loaded.userAgent, QUICK_RETRIES),
  }
  const previous = process.cwd()
  if (options.cwd) process.chdir(options.cwd)
  try {
    const code = await COMMANDS[id].runWith(argv, loaded, services)
    return {code, signal: null, stdout: stdout.text, stderr: stderr.text}
  } finally {
    process.chdir(previous)
  }
}

/** oclif's configuration of this package, less its plugins (the commands here need none). */
function loadConfig(): Promise<Config> {
  const pjson: Interfaces.PJSON = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  return Config.load({root: ROOT, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}})
}

/**
 * Whether runCli can run these arguments in-process: they name one of the CLI's commands and do
 * not ask for help (oclif answers --help, like an unknown command, before any command runs).
 */
function namesCommand(args: string[]): boolean {
  return findCommand(args) !== undefined && !args.some((arg) => arg === '--help' || arg === '-h')
}

/** Our commands in-process; what oclif answers before any command (help, unknown commands) as a process. */
export function runInProcessOrSpawn(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return namesCommand(args) ? runCli(args, options) : spawnCli(args, options)
}

/** The command the words name (`dm list …` is dm:list) and the arguments after them. */
function commandOf(args: string[]): {id: keyof typeof COMMANDS; argv: string[]} {
  const found = findCommand(args)
  if (!found) throw new Error(`not one of the CLI's commands: ${args.join(' ')} (run it with test/e2e/helpers/cli.ts)`)
  return found
}

function findCommand(args: string[]): {id: keyof typeof COMMANDS; argv: string[]} | undefined {
  for (let words = Math.min(args.length, 2); words > 0; words--) {
    const id = args.slice(0, words).join(':')
    if (isCommandId(id)) return {id, argv: args.slice(words)}
  }

  return undefined
}

function isCommandId(id: string): id is keyof typeof COMMANDS {
  return Object.hasOwn(COMMANDS, id)
}

/** Nothing sends this process a signal; a command that ends the process is a test failure. */
const noSignals: Signals = {
  onInterrupt: () => () => {},
  exit(code) {
    throw new Error(`the command tried to end the process with exit code ${code}`)
  },
}
