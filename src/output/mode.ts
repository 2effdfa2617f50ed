import type {JqProgram} from './jq.js'

export type OutputFormat = 'table' | 'plain' | 'json' | 'jsonl'

export interface OutputMode {
  format: OutputFormat
  color: boolean
  /** Terminal width for tables; undefined when not a terminal. */
  width?: number
  /** `--json FIELDS`: only these fields of each object, in JSON modes. */
  fields?: readonly string[]
  /** `--jq EXPR`: the program JSON output goes through (the whole output with --json, each line with --jsonl). */
  jq?: JqProgram
  /** `--header`: tab-separated output starts with the column names. */
  header?: boolean
  /** The clock's now (epoch ms), for relative times. */
  now: number
  /** The zone times are written in (TZ); undefined is the process's own. */
  timeZone?: string
}

export interface OutputChoice {
  json?: boolean
  jsonl?: boolean
  /** `--color` (always) / `--no-color` (never); undefined means decide from the terminal and environment. */
  color?: boolean
}

/** What the environment says about colour and times (src/core/settings.ts reads it). */
export interface ColourSettings {
  noColor: boolean
  forceColor?: boolean
  dumbTerminal: boolean
  /** CLICOLOR=0 */
  clicolorOff: boolean
  timeZone?: string
}

/** The stream output goes to: whether it is a terminal, and how wide. */
export interface Terminal {
  isTTY?: boolean
  columns?: number
}

/**
 * Tables on a terminal, tab-separated lines in a pipe. Colour on a terminal unless NO_COLOR or
 * TERM=dumb says otherwise, and in a pipe when forced (--color, FORCE_COLOR, CLICOLOR_FORCE).
 */
export function chooseMode(choice: OutputChoice, stream: Terminal, settings: ColourSettings, now: number): OutputMode {
  const tty = stream.isTTY === true
  const format: OutputFormat = choice.jsonl ? 'jsonl' : choice.json ? 'json' : tty ? 'table' : 'plain'
  return {format, color: colorAllowed(choice.color, tty, settings), width: tty ? stream.columns : undefined, now, timeZone: settings.timeZone}
}

/**
 * The flags first (--no-color never, --color always, as git's), then NO_COLOR, then FORCE_COLOR or
 * CLICOLOR_FORCE (0 is off), then TERM=dumb and CLICOLOR=0, then whether it is a terminal.
 */
export function colorAllowed(flag: boolean | undefined, tty: boolean, colour: ColourSettings): boolean {
  if (flag !== undefined) return flag
  if (colour.noColor) return false
  if (colour.forceColor !== undefined) return colour.forceColor
  if (colour.dumbTerminal || colour.clicolorOff) return false
  return tty
}
