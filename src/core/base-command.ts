import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type {Interfaces} from '@oclif/core'
import {type ResolvedToken, resolveToken} from '../lib/auth/token.js'
import {GroupMeClient} from '../api/client.js'
import {endpointsFromEnv} from '../api/endpoints.js'
import {DEFAULT_RETRY_POLICY} from '../api/retry.js'
import {UsageError} from './errors.js'
import {looksLikeFieldList, parseFieldList} from '../output/fields.js'
import {compileJq, type JqProgram} from '../output/jq.js'
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
 * `--jq EXPR`: jq 1.8.2 (jq-wasm) run on the JSON the command prints, strings printed raw as
 * gh does. Loaded only when given.
 */
export const jqFlag = Flags.string({
  char: 'q',
  description: 'Filter the JSON output with a jq program (jq 1.8.2; strings print raw; $ENV is not your environment).',
  helpGroup: 'OUTPUT',
})

/**
 * Every command extends this. A command's `run()` parses nothing and prints nothing: it returns
 * a CommandOutput (or nothing), and this class renders it, maps errors to one stderr line (or a
 * JSON error object with `--json`) and sets the documented exit code.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  /**
   * The fields `--json FIELDS` may name, for commands that print the service's objects (list and
   * show commands): `--json id,text` prints only those. Documented in each command's --help.
   */
  static jsonFields?: readonly string[]

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
  /** `--json FIELDS`, checked against the command's jsonFields. */
  private jsonFieldList?: string[]
  /** `--jq EXPR`, compiled before anything is sent. */
  private jqProgram?: JqProgram
  // A #private field: oclif's parser writes a `token` property onto the command instance.
  #accessToken?: string
  private resolvedToken?: Promise<ResolvedToken>
  private groupMeClient?: GroupMeClient

  abstract override run(): Promise<CommandOutput | void>

  override async init(): Promise<void> {
    await super.init()
    const ctor = this.ctor as unknown as T & typeof BaseCommand
    const {argv, fields} = ctor.jsonFields ? splitJsonFields(this.argv) : {argv: this.argv, fields: undefined}
    this.argv = argv
    const {args, flags, raw} = await this.parse({
      // oclif would otherwise fill a missing argument from stdin, trimmed; stdin is ours to read.
      args: Object.fromEntries(Object.entries(ctor.args ?? {}).map(([name, arg]) => [name, {...arg, ignoreStdin: true}])),
      baseFlags: ctor.baseFlags,
      flags: ctor.flags,
      strict: ctor.strict,
    }, argv)
    if (fields !== undefined && ctor.jsonFields) this.jsonFieldList = parseFieldList(fields, ctor.jsonFields)
    const {jq} = flags as {jq?: string}
    if (jq !== undefined) this.jqProgram = await compileJq(jq)
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.flagOrder = raw.flatMap((token) => (token.type === 'flag' ? [{flag: token.flag, input: token.input}] : []))
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

  /** The compiled `--jq` program, for a command that prints JSON its own way (`api`). */
  protected get jq(): JqProgram | undefined {
    return this.jqProgram
  }

  /** Render output now, in the mode the flags and terminal chose; commands that print repeatedly (tail --follow) use this. */
  protected async print(output: CommandOutput): Promise<void> {
    // --jq works on JSON: it implies --json unless --jsonl asks for one value a line.
    const choice = {...this.flags, json: this.flags.json || this.jqProgram !== undefined}
    const mode = {...chooseMode(choice), fields: this.jsonFieldList, jq: this.jqProgram}
    await output.render(mode, {stdout: process.stdout, stderr: process.stderr})
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

/**
 * oclif has no flag with an optional value, so `--json FIELDS` is read here, before oclif parses:
 * `--json=FIELDS` always names fields, and `--json FIELDS` does when the next word is a field list
 * (letters, digits, _, dots, commas). A command's own arguments (ids, 1+2, @Name) never look like
 * one, so `--json 118825642` stays `--json` and an argument. `--jsonl` takes FIELDS the same way,
 * and `--json=FIELDS --jsonl` is FIELDS one object a line. The flags themselves stay, bare.
 */
function splitJsonFields(argv: string[]): {argv: string[]; fields?: string} {
  const rest: string[] = []
  let fields: string | undefined
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]
    if (word === '--') {
      rest.push(...argv.slice(index))
      break
    }

    const flag = /^(--jsonl?)(?:=(.*))?$/s.exec(word)
    if (flag?.[2] !== undefined) {
      fields = flag[2]
      rest.push(flag[1])
    } else if (flag && index + 1 < argv.length && looksLikeFieldList(argv[index + 1])) {
      fields = argv[++index]
      rest.push(flag[1])
    } else {
      rest.push(word)
    }
  }

  // `--json=FIELDS --jsonl`: the fields, one object a line (--json and --jsonl exclude each other).
  const end = rest.includes('--') ? rest.indexOf('--') : rest.length
  const flags = rest.slice(0, end)
  if (fields === undefined || !flags.includes('--jsonl')) return {argv: rest, fields}
  return {argv: [...flags.filter((word) => word !== '--json'), ...rest.slice(end)], fields}
}

function maxRequestsPerSecond(): number {
  const value = process.env.GROUPME_MAX_RPS
  if (value === undefined || value === '') return 8
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`GROUPME_MAX_RPS must be a number >= 0, got ${JSON.stringify(value)}`)
  return parsed
}
