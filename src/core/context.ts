import type {GroupMeApi} from '../api/api.js'
import type {Clock} from '../base/clock.js'
import type {OutputChoice, OutputMode} from '../output/mode.js'
import {type CliError, TokenRefusedError} from '../base/errors.js'
import {type ResolvedToken, resolveToken} from './token.js'
import {explainRefusedToken, type TokenOrigin} from './token-advice.js'
import type {IOStreams} from './io.js'
import type {Signals} from './interrupt.js'
import {redact} from './report.js'
import type {Settings} from './settings.js'

/** How a run talks to the service, set by its flags. */
export interface ApiOptions {
  token: string
  timeoutMs: number
  /** The run's clock: the transport's retries, deadline and rate limit read it. */
  clock: Clock
  /** Debug lines (method, URL, status, time); never given the token. */
  debug?: (line: string) => void
  /** A line for the user when a retry waits long enough to look like a hang. */
  notice?: (line: string) => void
}

/**
 * What a run needs from outside it: the process's own (src/core/system.ts), or what a test
 * builds (test/helpers/run-command.ts): memory streams, the sandbox, a fixed environment.
 */
export interface Services {
  io: IOStreams
  settings: Settings
  clock: Clock
  signals: Signals
  /** Where `auth login` keeps the token (oclif's config directory; GROUPME_CONFIG_DIR). */
  configDir: string
  /** The API for a token: GroupMeClient over HTTP, or an in-process fake. */
  connect(options: ApiOptions): GroupMeApi
}

/** What the run's flags say about talking to the service, read when the API is first built. */
export interface RunOptions {
  timeoutMs: number
  debug: boolean
  /** With --json, stderr holds nothing but an error object: no notices. */
  json: boolean
}

/**
 * One run's view of the world, given to commands and workflows (as gh passes its Factory): the
 * streams, the settings, a clock, signals, and the API, built on first use.
 */
export class Context {
  readonly io: IOStreams
  readonly settings: Settings
  readonly clock: Clock
  readonly signals: Signals
  readonly configDir: string
  // A #private field: it holds the token, and nothing outside should see it.
  #token?: string
  private resolvedToken?: Promise<ResolvedToken>
  private api?: GroupMeApi
  /** Where the token the API was built with came from, for the advice on a refused one. */
  private tokenOrigin?: TokenOrigin

  constructor(
    private readonly services: Services,
    private readonly runOptions: () => RunOptions,
  ) {
    this.io = services.io
    this.settings = services.settings
    this.clock = services.clock
    this.signals = services.signals
    this.configDir = services.configDir
  }

  /**
   * The API with the stored token, built on first use: no token means exit 3 before anything is
   * sent. `auth login` passes the token it is checking instead.
   */
  async client(tokenToCheck?: string): Promise<GroupMeApi> {
    if (this.api) return this.api
    // Checked before the token, so a bad GROUPME_API_URL is exit 2 even when logged out.
    this.settings.endpoints()
    let token: string
    if (tokenToCheck === undefined) {
      const stored = await this.storedToken()
      token = stored.token
      this.tokenOrigin = stored.source === 'config' ? {source: 'config', path: stored.origin} : {source: 'GROUPME_TOKEN'}
    } else {
      token = tokenToCheck
      this.tokenOrigin = {source: 'given'}
    }

    this.#token = token
    const {timeoutMs, debug, json} = this.runOptions()
    this.api = this.services.connect({
      token,
      timeoutMs,
      clock: this.clock,
      debug: debug || this.settings.debug ? (line) => this.note(`groupme: ${line}`) : undefined,
      notice: json ? undefined : (line) => this.note(line),
    })
    return this.api
  }

  /** The token from GROUPME_TOKEN or the config file, warning when the file is readable by others. */
  storedToken(): Promise<ResolvedToken> {
    this.resolvedToken ??= resolveToken(this.configDir, this.settings.token).then((resolved) => {
      this.#token ??= resolved.token
      if (resolved.warning) this.note(`warning: ${resolved.warning}`)
      return resolved
    })
    return this.resolvedToken
  }

  /** A failure as the user reads it: a refused token names where it came from and what fixes it. */
  explain(error: CliError): CliError {
    if (!(error instanceof TokenRefusedError)) return error
    let apiUrl: string | undefined
    try {
      apiUrl = this.settings.endpoints().api
    } catch {
      apiUrl = undefined
    }

    return explainRefusedToken(error, this.tokenOrigin, apiUrl)
  }

  /** A line for the person at the terminal, on stderr so that stdout stays data; never the token. */
  note(message: string): void {
    this.io.stderr.write(redact(message, this.secrets()) + '\n')
  }

  /** What must never be printed: the token in use and GROUPME_TOKEN. */
  secrets(): Array<string | undefined> {
    return [this.#token, this.settings.token]
  }

  /** How output is printed (IOStreams.outputMode), at the clock's now: relative times are relative to it. */
  outputMode(choice: OutputChoice): OutputMode {
    return this.io.outputMode(choice, this.clock.now())
  }

  /** Whether --debug or DEBUG=groupme asked for debug output. */
  debugEnabled(): boolean {
    return this.runOptions().debug || this.settings.debug
  }
}
