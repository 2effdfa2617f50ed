import {homedir} from 'node:os'
import {join} from 'node:path'
import {type Endpoints, endpointsFromEnv, pushUrlFromEnv} from '../api/endpoints.js'
import {UsageError} from '../base/errors.js'

/** Requests a second when GROUPME_MAX_RPS is not set. */
const DEFAULT_MAX_REQUESTS_PER_SECOND = 8

/**
 * Every environment variable the CLI reads, read here and nowhere else, once per run. Values that
 * can be wrong are checked when first used, so a bad GROUPME_API_URL fails the commands that talk
 * to the service (exit 2) and not `auth logout`.
 */
export interface Settings {
  /** GROUPME_TOKEN, trimmed; undefined when unset or blank. */
  readonly token?: string
  /** GROUPME_API_URL, GROUPME_V2_URL, GROUPME_IMAGE_URL: https, or http to loopback only. */
  endpoints(): Endpoints
  /** GROUPME_PUSH_URL (dm watch): the same rules. */
  pushUrl(): string
  /** GROUPME_MAX_RPS: a number >= 0 (0 = no limit). */
  maxRequestsPerSecond(): number
  /** DEBUG names groupme (DEBUG=groupme, DEBUG=groupme*, DEBUG=other,groupme:http). */
  readonly debug: boolean
  /** NO_COLOR set and not empty (no-color.org). */
  readonly noColor: boolean
  /**
   * FORCE_COLOR, else CLICOLOR_FORCE: true for colour even in a pipe, false for none (=0),
   * undefined when neither is set.
   */
  readonly forceColor?: boolean
  /** TERM=dumb: a terminal that shows no colour. */
  readonly dumbTerminal: boolean
  /** CLICOLOR=0: no colour unless forced. */
  readonly clicolorOff: boolean
  /** TZ, for the zone times are written in; undefined when unset (the process's own zone). */
  readonly timeZone?: string
  /**
   * The pager for long output on a terminal: GROUPME_PAGER, else PAGER, else `less -FRX`;
   * undefined when it is off (set to `cat` or empty).
   */
  readonly pager?: Pager
  /** GROUPME_ARCHIVE_DB: the archive file when --db is not given; undefined when unset or empty. */
  readonly archiveDb?: string
  /** $XDG_DATA_HOME, else ~/.local/share: where the archive lives by default. */
  readonly dataHome: string
}

/** A pager command and the environment it runs in. */
export interface Pager {
  command: string
  /** The environment, with LESS=FRX and LV=-c unless set already (as gh does). */
  env: NodeJS.ProcessEnv
}

const DEFAULT_PAGER = 'less -FRX'

/** The settings of this run, from `env` (the process's environment unless a test gives another). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const snapshot = {...env}
  let endpoints: Endpoints | undefined
  let maxRps: number | undefined
  let pushUrl: string | undefined
  return {
    token: snapshot.GROUPME_TOKEN?.trim() || undefined,
    endpoints: () => (endpoints ??= endpointsFromEnv(snapshot)),
    pushUrl: () => (pushUrl ??= pushUrlFromEnv(snapshot)),
    maxRequestsPerSecond: () => (maxRps ??= parseMaxRps(snapshot.GROUPME_MAX_RPS)),
    debug: /(^|,)\s*groupme/.test(snapshot.DEBUG ?? ''),
    noColor: snapshot.NO_COLOR !== undefined && snapshot.NO_COLOR !== '',
    forceColor: flagValue(snapshot.FORCE_COLOR) ?? flagValue(snapshot.CLICOLOR_FORCE),
    dumbTerminal: snapshot.TERM === 'dumb',
    clicolorOff: snapshot.CLICOLOR === '0',
    timeZone: snapshot.TZ || undefined,
    pager: pagerFrom(snapshot),
    archiveDb: snapshot.GROUPME_ARCHIVE_DB || undefined,
    dataHome: snapshot.XDG_DATA_HOME || join(snapshot.HOME || homedir(), '.local', 'share'),
  }
}

/** An environment switch: undefined when unset or empty, false for 0, true otherwise. */
function flagValue(value: string | undefined): boolean | undefined {
  return value === undefined || value === '' ? undefined : value !== '0'
}

/** gh's order: GROUPME_PAGER, then PAGER; `cat` or an empty value turns paging off. */
function pagerFrom(env: NodeJS.ProcessEnv): Pager | undefined {
  const command = (env.GROUPME_PAGER ?? env.PAGER ?? DEFAULT_PAGER).trim()
  if (command === '' || command === 'cat') return undefined
  return {command, env: {...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c'}}
}

function parseMaxRps(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_MAX_REQUESTS_PER_SECOND
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`GROUPME_MAX_RPS must be a number >= 0, got ${JSON.stringify(value)}`)
  return parsed
}
