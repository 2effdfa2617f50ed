import {sanitizeLine} from '../base/sanitize.js'
import {closestMatches} from './suggest.js'

/** What a parse error is about: the command's flags and arguments, as its class (and the manifest) declares them. */
export interface CommandShape {
  flags: readonly string[]
  args: ReadonlyArray<{name: string; description?: string}>
}

/**
 * oclif's parse errors carry what went wrong as properties, and are told apart by their class
 * (NonExistentFlagsError, RequiredArgsError…): oclif does not export those classes, so by the
 * class's name, which the bundle keeps (scripts/bundle.js minifies no identifier).
 */
export interface ParseErrorFields {
  message: string
  /** NonExistentFlagsError: the flags as typed. */
  flags?: unknown
  /** RequiredArgsError: the arguments missing, as declared; UnexpectedArgsError: the words typed. */
  args?: unknown
}

/** oclif spreads one error over several lines: each made safe, tabs made spaces, its "See more help" dropped. */
export function messageLines(message: string): string[] {
  return message
    .split('\n')
    .map((line) => sanitizeLine(line.replaceAll('\t', ' ')).trim())
    .filter((line) => line !== '' && !line.startsWith('See more help'))
}

/**
 * oclif's parse errors in the project's voice: one line, lower case, the flag's own name, and a
 * "did you mean" for a mistyped flag. What is not recognised keeps oclif's words, tidied.
 */
export function parseErrorMessage(error: ParseErrorFields, shape: CommandShape): string {
  const lines = messageLines(error.message)
  const [first = '', ...rest] = lines
  switch (error.constructor.name) {
    case 'NonExistentFlagsError':
      if (Array.isArray(error.flags)) return unknownFlags(error.flags.map(String), shape)
      break
    case 'RequiredArgsError':
      if (Array.isArray(error.args)) return missingArgs(shape, error.args.map((arg: {name?: unknown}) => String(arg.name)))
      break
    case 'UnexpectedArgsError':
      if (Array.isArray(error.args)) return `unexpected argument${error.args.length === 1 ? '' : 's'} ${error.args.map((arg) => echo(String(arg))).join(', ')}`
      break
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError':
      // Each reason on a line of its own, after oclif's heading.
      return rest.map(constraint).join('; ')
    case 'FlagInvalidOptionError': {
      const option = /^Expected (--[\w-]+)=(.*) to be one of: (.*)$/.exec(first)
      if (option) return `${option[1]} must be one of ${option[3]}, got ${echo(option[2])}`
      break
    }
  }

  // oclif's parser throws these as plain CLIErrors, with nothing but the text to tell them apart.
  const parsing = /^Parsing (--\S+)$/.exec(first)
  if (parsing) return `${parsing[1]}: ${lowerFirst(rest.join(' '))}`
  const flagOnce = /^Flag (--[\w-]+) can only be specified once$/.exec(first)
  if (flagOnce) return `${flagOnce[1]} can be given only once`
  const needsValue = /^Flag (--[\w-]+) expects a value$/.exec(first)
  if (needsValue) return `${needsValue[1]} needs a value`
  return lowerFirst(lines.join(' ').replace(/[.:]$/, ''))
}

/** `--all=true cannot also be provided when using --page` and the like, said plainly. */
function constraint(reason: string): string {
  const exclusive = /^(--[\w-]+)(?:=\S+)? cannot also be provided when using (--[\w-]+)$/.exec(reason)
  if (exclusive) return `${exclusive[2]} and ${exclusive[1]} cannot be used together`
  const needsAll = /^All of the following must be provided when using (--[\w-]+): (.*)$/.exec(reason)
  if (needsAll) return `${needsAll[1]} needs ${needsAll[2]}`
  const needsOne = /^One of the following must be provided when using (--[\w-]+): (.*)$/.exec(reason)
  if (needsOne) return `${needsOne[1]} needs one of ${needsOne[2]}`
  const required = /^Missing required flag ([\w-]+)$/.exec(reason)
  if (required) return `--${required[1]} is required`
  return lowerFirst(reason)
}

function unknownFlags(typed: string[], shape: CommandShape): string {
  const known = shape.flags.map((flag) => `--${flag}`)
  const described = typed.map((flag) => {
    const name = flag.split('=')[0]
    const [suggestion] = name.startsWith('--') ? closestMatches(name, known, 1) : []
    const shown = /^--?[\w-]{1,30}$/.test(name) ? name : echo(name)
    return suggestion ? `${shown} (did you mean ${suggestion}?)` : shown
  })
  return `unknown flag${typed.length === 1 ? '' : 's'} ${described.join(', ')}`
}

function missingArgs(shape: CommandShape, names: string[]): string {
  const missing = shape.args.filter((arg) => names.includes(arg.name))
  const said = (missing.length > 0 ? missing : shape.args).map((arg) => {
    const about = arg.description ? ` (${lowerFirst(arg.description.replace(/\.$/, ''))})` : ''
    return `${arg.name.toUpperCase()}${about}`
  })
  return `missing ${said.join(' and ')}`
}

/** Words longer than this are not echoed: a 40-character token typed by mistake looks like one. */
const MAX_ECHOED_WORD = 20

/** A word the user typed, quoted, unless it is long enough to be a secret pasted in the wrong place. */
export function echo(word: string): string {
  return word.length <= MAX_ECHOED_WORD ? JSON.stringify(sanitizeLine(word)) : '(a long word, not shown)'
}

function lowerFirst(text: string): string {
  // "Expected an integer…" reads as a sentence; "USER must…" or "GROUPME_…" keep their capitals.
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text
}
