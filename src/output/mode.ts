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
}

export interface OutputChoice {
  json?: boolean
  jsonl?: boolean
  /** `--color` / `--no-color`; undefined means decide from the terminal and environment. */
  color?: boolean
}

/** What the environment says about colour (src/core/settings.ts reads it). */
export interface ColourSettings {
  noColor: boolean
  forceColor?: boolean
  dumbTerminal: boolean
}

/** The stream output goes to: whether it is a terminal, and how wide. */
export interface Terminal {
  isTTY?: boolean
  columns?: number
}

/**
 * Tables on a terminal, tab-separated lines in a pipe. Colour only on a terminal, and never under
 * NO_COLOR or TERM=dumb: neither oclif nor chalk honours NO_COLOR by itself.
 */
export function chooseMode(choice: OutputChoice, stream: Terminal, colour: ColourSettings): OutputMode {
  const tty = stream.isTTY === true
  const format: OutputFormat = choice.jsonl ? 'jsonl' : choice.json ? 'json' : tty ? 'table' : 'plain'
  return {format, color: colorAllowed(choice.color, tty, colour), width: tty ? stream.columns : undefined}
}

/** --no-color, then NO_COLOR, then FORCE_COLOR (0 is off), then TERM=dumb, then whether it is a terminal. */
export function colorAllowed(flag: boolean | undefined, tty: boolean, colour: ColourSettings): boolean {
  if (flag === false) return false
  if (colour.noColor) return false
  if (colour.forceColor !== undefined) return colour.forceColor
  if (colour.dumbTerminal) return false
  return tty
}
