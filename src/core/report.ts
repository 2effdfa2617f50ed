import {CliError, ExitCode, NothingNewError, UsageError} from '../base/errors.js'
import {fileFailure} from '../base/file-errors.js'
import {type CommandShape, echo, messageLines, parseErrorMessage, type ParseErrorFields} from './parse-errors.js'
import {closestMatches} from './suggest.js'

/** Shorter strings are no token (a 40-character secret); redacting them would garble messages. */
const MIN_SECRET_LENGTH = 8

/** The last line of defence: no message leaves the process with the token in it. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let safe = text
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) safe = safe.replaceAll(secret, '[REDACTED]')
  }

  return safe
}

/**
 * An error as the user sees it: one line on stderr, or with `--json` one object
 * `{"error": {"status", "code", "message"}}` on stderr, stdout untouched.
 */
export function reportError(
  failure: CliError,
  options: {json: boolean; secrets: Array<string | undefined>; stderr: NodeJS.WritableStream},
): void {
  const line = options.json
    ? JSON.stringify({error: {status: failure.status ?? null, code: failure.code, message: failure.message}})
    : failure instanceof NothingNewError
      ? failure.message // an answer for scripts, not a failure
      : `Error: ${failure.message}`
  options.stderr.write(redact(line, options.secrets) + '\n')
}

type OclifError = Error & ParseErrorFields & {oclif?: {exit?: number}; parse?: unknown}

/** oclif's parse errors are usage errors (exit 2), said in our words; anything untyped is exit 1. */
export function toCliError(error: OclifError, commandId: string | undefined, shape: CommandShape = {flags: [], args: []}): CliError {
  if (error instanceof CliError) return error
  // A file operation that failed anywhere (a full disk, a read-only directory): one line naming the path.
  const onFile = fileFailure(error)
  if (onFile) return onFile
  if (error.parse !== undefined || error.oclif?.exit === ExitCode.usage) {
    return new UsageError(`${parseErrorMessage(error, shape)}. ${seeHelp(commandId?.split(':') ?? [])}`)
  }

  const message = messageLines(error.message).join(' ').replace(/:$/, '')
  return new CliError(`unexpected error: ${message}`)
}

/** Where to look next: `See: groupme dm list --help`. */
function seeHelp(words: string[]): string {
  return `See: ${['groupme', ...words, '--help'].join(' ')}`
}

/**
 * An unknown command or an argument a command does not take: the word that went wrong (unless
 * it is long enough to be a token typed by mistake, as in `groupme auth login TOKEN`), a close
 * command if there is one, the known part of the command, and what it offers.
 */
export function unknownCommand(argv: string[], commandIds: string[]): UsageError {
  const words = argv.filter((word) => !word.startsWith('-'))
  const known: string[] = []
  for (const word of words) {
    const prefix = [...known, word].join(':')
    if (!commandIds.some((id) => id === prefix || id.startsWith(prefix + ':'))) break
    known.push(word)
  }

  const unknown = words[known.length]
  const topic = known.join(':')
  const help = seeHelp(known)
  if (commandIds.includes(topic) && unknown !== undefined) {
    return new UsageError(`unexpected argument ${echo(unknown)} for "${known.join(' ')}". ${help}`)
  }

  const offered = [...new Set(commandIds.filter((id) => topic === '' || id.startsWith(topic + ':')).map((id) => id.split(':')[known.length]))].sort()
  const where = known.length > 0 ? ` in "${known.join(' ')}"` : ''
  // An empty word (`groupme ""`) or flags alone: there is no command to name.
  if (unknown === undefined || unknown.trim() === '') return new UsageError(`a command is needed${where}: ${offered.join(', ')}. ${help}`)
  const [close] = closestMatches(unknown, offered, 1)
  const suggestion = close ? ` Did you mean "${[...known, close].join(' ')}"?` : ''
  return new UsageError(`unknown command ${echo(unknown)}${where}.${suggestion} The commands are ${offered.join(', ')}. ${help}`)
}
