import {Command} from '@oclif/core/command'
import type {Config} from '@oclif/core/config'
import * as Flags from '@oclif/core/flags'
import type {Interfaces} from '@oclif/core'
import {Context, type Services} from './context.js'
import {looksLikeFieldList, parseFieldList} from '../output/fields.js'
import {compileJq, type JqProgram} from '../output/jq.js'
import {checkFlagValues, isRefused, refusedFlag} from './flags.js'
import type {CommandOutput} from '../output/render.js'
import {ExitCode} from '../base/errors.js'
import {sanitizeText} from '../base/sanitize.js'
import {type GlobalFlags, readGlobalFlags} from './global-flags.js'
import {reportError, toCliError} from './report.js'
import {systemServices} from './system.js'

/** A command's own flag of a base flag's name (api's -H/--header) replaces it, as oclif parses them. */
export type CommandFlags<T extends typeof Command> = Omit<Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags']>, keyof T['flags']> &
  Interfaces.InferredFlags<T['flags']>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** `--jsonl` for commands that print lists. */
export const jsonlFlag = Flags.boolean({
  description: 'Print one compact JSON object per line, as pages arrive.',
  exclusive: ['json'],
  helpGroup: 'OUTPUT',
})

/** --yes of the commands that delete: a terminal asks first, a pipe must say --yes. */
export const yesFlag = Flags.boolean({char: 'y', description: 'Delete without asking (required when not on a terminal).'})

/** --dry-run of the commands whose whole write is one request: it is shown, not sent. */
export const requestDryRunFlag = Flags.boolean({description: 'Show the request, and send nothing.'})

/** `--quiet` for commands that act (send, delete, log in): nothing on success, only errors and warnings. */
export const quietFlag = Flags.boolean({
  char: 'q',
  description: 'Print nothing on success; errors and warnings still go to stderr.',
  helpGroup: 'OUTPUT',
})

const DEFAULT_TIMEOUT_SECONDS = 30

/** The base flags that shape what a command prints on stdout; a command that cannot honour one refuses it (baseFlagsRefusing). */
const outputFlags = {
  json: Flags.boolean({
    description: 'Print JSON: what the API returned, without its envelope.',
    helpGroup: 'OUTPUT',
  }),
  header: Flags.boolean({
    description: 'In a pipe, print the column names as the first line (tab-separated, in the order of the columns).',
    helpGroup: 'OUTPUT',
  }),
}

/** How a run ended, for a test: the exit code oclif would give the process. */
type ExitSignal = Error & {oclif?: {exit?: number}; code?: string}

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
 * JSON error object with `--json`) and sets the documented exit code. What a command needs from
 * outside (streams, settings, the API, a clock) comes from `this.context`.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  /**
   * The fields `--json FIELDS` may name, for commands that print the service's objects (list and
   * show commands): `--json id,text` prints only those. Documented in each command's --help.
   */
  static jsonFields?: readonly string[]

  static override baseFlags = {
    ...outputFlags,
    color: Flags.boolean({
      allowNo: true,
      description: 'Force colour, even in a pipe; --no-color turns it off (default: on a terminal).',
      helpGroup: 'OUTPUT',
    }),
    debug: Flags.boolean({
      description: 'Log each request (method, URL, status, time) to stderr. Also DEBUG=groupme*.',
      helpGroup: 'GLOBAL',
    }),
    timeout: Flags.integer({
      description: 'Seconds to wait for each attempt of a request; a request and its retries give up after twice that.',
      default: DEFAULT_TIMEOUT_SECONDS,
      min: 1,
      max: 600,
      helpGroup: 'GLOBAL',
    }),
  }

  /**
   * Examples (their `command`, as written above) that test/e2e/examples.test.ts cannot run against
   * the sandbox, each with the reason; every other example is run.
   */
  static untestedExamples: Record<string, string> = {}

  /**
   * Run a command as oclif does, with services a test built instead of the process's own, and
   * give back the exit code (test/helpers/run-in-process.ts), as gh's runF hook lets its tests do.
   */
  static async runWith(
    this: new (argv: string[], config: Config, services?: Services) => BaseCommand<typeof Command>,
    argv: string[],
    config: Config,
    services: Services,
  ): Promise<number> {
    const command = new this(argv, config, services)
    try {
      await command._run()
      return 0
    } catch (error) {
      const exit = (error as ExitSignal).oclif?.exit
      if ((error as ExitSignal).code === 'EEXIT' && exit !== undefined) return exit
      throw error
    }
  }

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  /** Flags in the order typed, for options whose order matters (dm send's attachments). */
  protected flagOrder: {flag: string; input: string}[] = []
  /** Every positional argument as typed, for commands that take any number (`static strict = false`). */
  protected positionals: string[] = []
  /** `--json FIELDS`, checked against the command's jsonFields. */
  private jsonFieldList?: string[]
  /** `--jq EXPR`, compiled before anything is sent. */
  private jqProgram?: JqProgram
  /** --json and --debug, read before oclif parses: a parse error is said as they ask too. */
  private readonly globals: GlobalFlags
  protected readonly context: Context

  constructor(argv: string[], config: Config, services?: Services) {
    super(argv, config)
    const ctor = this.constructor as typeof BaseCommand
    const flags = {...ctor.baseFlags, ...ctor.flags}
    const typed = readGlobalFlags(argv, takesValue(flags))
    // A command that refuses --json says so in a line, as it says everything else.
    this.globals = {...typed, json: typed.json && !isRefused(flags.json)}
    // The flags are parsed later, in init(); a parse error leaves them unset.
    this.context = new Context(services ?? systemServices(config), () => ({
      timeoutMs: (this.flags?.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      debug: this.globals.debug,
      json: this.globals.json,
    }))
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: a command that prints nothing simply returns; void says so
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
    this.flagOrder = raw.flatMap((token) => (token.type === 'flag' ? [{flag: token.flag, input: token.input}] : []))
    checkFlagValues(this.flagOrder, {...ctor.baseFlags, ...ctor.flags})
    if (fields !== undefined && ctor.jsonFields) this.jsonFieldList = parseFieldList(fields, ctor.jsonFields)
    const {jq} = flags as {jq?: string}
    if (jq !== undefined) this.jqProgram = await compileJq(jq, {root: this.config.root, clock: this.context.clock})
    this.flags = flags as unknown as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.positionals = raw.flatMap((token) => (token.type === 'arg' ? [token.input] : []))
  }

  /**
   * oclif's own run (init, run, catch, finally), as sf-plugins-core's SfCommand does, then the
   * output printed. oclif prints a result itself only for `enableJsonFlag` commands, which these
   * are not (our --json is a base flag of our own); a failure while printing is reported the same way.
   */
  protected override async _run<R>(): Promise<R> {
    // biome-ignore lint/suspicious/noConfusingVoidType: what run() gives, as declared above
    const output = await super._run<CommandOutput | void>()
    if (!output) return undefined as R
    const {io, signals} = this.context
    // Ctrl-C while the pager shows: the pager has the terminal until it is quit, so wait for it (as git does), then exit 130.
    const removeHandler = output.paged ? signals.onInterrupt(() => void io.stopPager().finally(() => signals.exit(ExitCode.interrupted))) : undefined
    try {
      if (!this.quiet) {
        // Long output (lists) goes through the pager on a terminal; the pager is closed before an error is said.
        if (output.paged) await io.startPager()
        await this.print(output)
        await io.stopPager()
      }
    } catch (error) {
      await io.stopPager()
      await this.catch(error as Error)
    } finally {
      removeHandler?.()
    }

    return undefined as R
  }

  /** Render output now, in the mode the flags and terminal chose; commands that print repeatedly (tail --follow) use this. */
  protected async print(output: CommandOutput): Promise<void> {
    // --jq works on JSON: it implies --json unless --jsonl asks for one value a line.
    const flags = this.flags ?? {}
    const choice = {...flags, json: flags.json === true || this.jqProgram !== undefined}
    const mode = {...this.context.outputMode(choice), fields: this.jsonFieldList, jq: this.jqProgram, header: flags.header === true}
    await output.render(mode, this.context.io)
  }

  /** --quiet, on the commands that have it. */
  protected get quiet(): boolean {
    return (this.flags as {quiet?: boolean} | undefined)?.quiet === true
  }

  /** A line for the person at the terminal, on stderr so that stdout stays data. */
  protected note(message: string): void {
    this.context.note(message)
  }

  override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<never> {
    // The reader went away (`| head`): stop quietly, as other Unix tools do.
    if (error.code === 'EPIPE') return this.exit(0)
    const ctor = this.ctor as unknown as typeof BaseCommand
    const shape = {
      flags: Object.keys({...ctor.baseFlags, ...ctor.flags}),
      args: Object.entries(ctor.args ?? {}).map(([name, arg]) => ({name, description: arg.description})),
    }
    const failure = this.context.explain(toCliError(error, this.id, shape))
    reportError(failure, {json: this.globals.json, secrets: this.context.secrets(), stderr: this.context.io.stderr})
    // --debug: where it came from, the src/ files and functions (the bundle's source map, src/boot.ts).
    if (this.context.debugEnabled() && error.stack) this.note(sanitizeText(error.stack))
    return this.exit(failure.exitCode)
  }
}

/**
 * The base flags of a command that cannot honour --json or --header (its stdout is a shell script,
 * a protocol, or has no columns): each one given a reason is refused, with exit 2 saying it
 * (docs/decisions/0073-an-output-flag-a-command-cannot-honour-is-refused.md).
 */
export function baseFlagsRefusing(why: Partial<Record<keyof typeof outputFlags, string>>): typeof BaseCommand.baseFlags {
  const {json, header} = BaseCommand.baseFlags
  return {
    ...BaseCommand.baseFlags,
    json: why.json === undefined ? json : refusedFlag(json, why.json),
    header: why.header === undefined ? header : refusedFlag(header, why.header),
  }
}

/** Whether a word as typed is one of these flags that takes a value (`--jq`, `-q` where -q is --jq). */
function takesValue(flags: Record<string, {type: string; char?: string}>): (word: string) => boolean {
  const words = new Set(Object.entries(flags).flatMap(([name, flag]) => (flag.type === 'option' ? [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])] : [])))
  return (word) => words.has(word)
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
