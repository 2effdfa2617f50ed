import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type {Interfaces} from '@oclif/core'
import {type ResolvedToken, resolveToken} from '../lib/auth/token.js'
import {GroupMeClient} from '../api/client.js'
import {endpointsFromEnv} from '../api/endpoints.js'
import {DEFAULT_RETRY_POLICY} from '../api/retry.js'
import {UsageError} from './errors.js'
import {chooseMode} from '../output/mode.js'
import type {CommandOutput} from '../output/render.js'
import {redact, reportError, toCliError} from './report.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** `--jsonl` for commands that print lists. */
export const jsonlFlag = Flags.boolean({
  description: 'Print one compact JSON object per line, as pages arrive.',
  exclusive: ['json'],
  helpGroup: 'OUTPUT',
})

/**
 * Every command extends this. A command's `run()` parses nothing and prints nothing: it returns
 * a CommandOutput (or nothing), and this class renders it, maps errors to one stderr line (or a
 * JSON error object with `--json`) and sets the documented exit code.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    json: Flags.boolean({
      description: 'Print JSON: what the API returned, without its envelope.',
      helpGroup: 'OUTPUT',
    }),
    color: Flags.boolean({
      allowNo: true,
      description: 'Colour on a terminal (default); --no-color or NO_COLOR turns it off.',
      helpGroup: 'OUTPUT',
    }),
    debug: Flags.boolean({
      description: 'Log each request (method, URL, status, time) to stderr. Also DEBUG=groupme*.',
      helpGroup: 'GLOBAL',
    }),
    timeout: Flags.integer({
      description: 'Seconds to wait for each request.',
      default: 30,
      min: 1,
      max: 600,
      helpGroup: 'GLOBAL',
    }),
  }

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  /** Flags in the order typed, for options whose order matters (dm send's attachments). */
  protected flagOrder: {flag: string; input: string}[] = []
  /** Every positional argument as typed, for commands that take any number (`static strict = false`). */
  protected positionals: string[] = []
  // A #private field: oclif's parser writes a `token` property onto the command instance.
  #accessToken?: string
  private resolvedToken?: Promise<ResolvedToken>
  private groupMeClient?: GroupMeClient

  abstract override run(): Promise<CommandOutput | void>

  override async init(): Promise<void> {
    await super.init()
    const ctor = this.ctor as unknown as T & typeof BaseCommand
    const {args, flags, raw} = await this.parse({
      // oclif would otherwise fill a missing argument from stdin, trimmed; stdin is ours to read.
      args: Object.fromEntries(Object.entries(ctor.args ?? {}).map(([name, arg]) => [name, {...arg, ignoreStdin: true}])),
      baseFlags: ctor.baseFlags,
      flags: ctor.flags,
      strict: ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.flagOrder = raw.flatMap((token) => (token.type === 'flag' ? [{flag: token.flag, input: token.input}] : []))
    this.positionals = raw.flatMap((token) => (token.type === 'arg' ? [token.input] : []))
  }

  protected override async _run<R>(): Promise<R> {
    try {
      await this.init()
      const output = await this.run()
      if (output) await this.print(output)
    } catch (error) {
      await this.catch(error as Error)
    } finally {
      await this.finally(undefined)
    }

    return undefined as R
  }

  /**
   * The API client, built on first use: no token means exit 3 before anything is sent.
   * `auth login` passes the token it is checking instead.
   */
  protected async client(tokenToCheck?: string): Promise<GroupMeClient> {
    if (this.groupMeClient) return this.groupMeClient
    const endpoints = endpointsFromEnv()
    const token = tokenToCheck ?? (await this.storedToken()).token
    this.#accessToken = token
    this.groupMeClient = new GroupMeClient(endpoints, {
      token,
      timeoutMs: this.flags.timeout * 1000,
      maxRequestsPerSecond: maxRequestsPerSecond(),
      retry: DEFAULT_RETRY_POLICY,
      userAgent: this.config.userAgent,
      debug: this.debugEnabled() ? (line) => this.note(`groupme: ${line}`) : undefined,
      // With --json, stderr holds nothing but an error object.
      notice: this.argv.includes('--json') ? undefined : (line) => this.note(line),
    })
    return this.groupMeClient
  }

  /** The token from GROUPME_TOKEN or the config file, warning when the file is readable by others. */
  protected storedToken(): Promise<ResolvedToken> {
    this.resolvedToken ??= resolveToken(this.config.configDir).then((resolved) => {
      this.#accessToken ??= resolved.token
      if (resolved.warning) this.note(`warning: ${resolved.warning}`)
      return resolved
    })
    return this.resolvedToken
  }

  /** Render output now, in the mode the flags and terminal chose; commands that print repeatedly (tail --follow) use this. */
  protected async print(output: CommandOutput): Promise<void> {
    await output.render(chooseMode(this.flags), {stdout: process.stdout, stderr: process.stderr})
  }

  /** A line for the person at the terminal, on stderr so that stdout stays data. */
  protected note(message: string): void {
    process.stderr.write(redact(message, this.secrets()) + '\n')
  }

  override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<never> {
    // The reader went away (`| head`): stop quietly, as other Unix tools do.
    if (error.code === 'EPIPE') return this.exit(0)
    const failure = toCliError(error, this.id)
    reportError(failure, {json: this.argv.includes('--json'), secrets: this.secrets()})
    if (this.debugEnabled() && failure === error && error.stack) this.note(error.stack)
    return this.exit(failure.exitCode)
  }

  private debugEnabled(): boolean {
    return this.flags?.debug === true || /(^|,)\s*groupme/.test(process.env.DEBUG ?? '')
  }

  private secrets(): Array<string | undefined> {
    return [this.#accessToken, process.env.GROUPME_TOKEN]
  }
}

function maxRequestsPerSecond(): number {
  const value = process.env.GROUPME_MAX_RPS
  if (value === undefined || value === '') return 8
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`GROUPME_MAX_RPS must be a number >= 0, got ${JSON.stringify(value)}`)
  return parsed
}
