export type OutputFormat = 'table' | 'plain' | 'json' | 'jsonl'

export interface OutputMode {
  format: OutputFormat
  color: boolean
  /** Terminal width for tables; undefined when not a terminal. */
  width?: number
}

export interface OutputChoice {
  json?: boolean
  jsonl?: boolean
  /** `--color` / `--no-color`; undefined means decide from the terminal and environment. */
  color?: boolean
}

/**
 * Tables on a terminal, tab-separated lines in a pipe. Colour only on a terminal, and never under
 * NO_COLOR or TERM=dumb: neither oclif nor chalk honours NO_COLOR by itself.
 */
export function chooseMode(
  choice: OutputChoice,
  stream: {isTTY?: boolean; columns?: number} = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): OutputMode {
  const tty = stream.isTTY === true
  const format: OutputFormat = choice.jsonl ? 'jsonl' : choice.json ? 'json' : tty ? 'table' : 'plain'
  return {format, color: colorAllowed(choice.color, tty, env), width: tty ? stream.columns : undefined}
}

export function colorAllowed(flag: boolean | undefined, tty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag === false) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return tty
}
