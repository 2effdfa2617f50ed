import {CliError, ExitCode, NothingNewError, UsageError} from './errors.js'
import {fileFailure} from './file-errors.js'
import {sanitizeLine} from '../output/sanitize.js'

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

type OclifError = Error & {oclif?: {exit?: number}; parse?: unknown}

/** oclif's parse errors are usage errors (exit 2); anything untyped is exit 1. */
export function toCliError(error: OclifError, commandId: string | undefined): CliError {
  if (error instanceof CliError) return error
  // A file operation that failed anywhere (a full disk, a read-only directory): one line naming the path.
  const onFile = fileFailure(error)
  if (onFile) return onFile
  // oclif spreads one error over several lines ("Parsing --limit", "Expected an integer…", "See more help…").
  const lines = error.message
    .split('\n')
    .map((line) => sanitizeLine(line.replaceAll('\t', ' ')).trim())
    .filter((line) => line !== '' && !line.startsWith('See more help'))
  const message = lines.join(' ').replace(/:$/, '')
  if (error.parse !== undefined || error.oclif?.exit === ExitCode.usage) {
    return new UsageError(`${message}. See: groupme ${commandId?.replaceAll(':', ' ') ?? ''} --help`)
  }

  return new CliError(`unexpected error: ${message}`)
}

/** Words longer than this are not echoed: a 40-character token typed by mistake looks like one. */
const MAX_ECHOED_WORD = 20

/**
 * An unknown command or an argument a command does not take: the word that went wrong (unless
 * it is long enough to be a token typed by mistake, as in `groupme auth login TOKEN`), the known
 * part of the command, and what it offers.
 */
export function unknownCommand(argv: string[], commandIds: string[]): UsageError {
  const words = argv.filter((word) => !word.startsWith('-'))
  const known: string[] = []
  for (const word of words) {
    const prefix = [...known, word].join(':')
    if (!commandIds.some((id) => id === prefix || id.startsWith(prefix + ':'))) break
    known.push(word)
  }

  const unknown = words[known.length] ?? ''
  const bad = unknown.length <= MAX_ECHOED_WORD ? `"${sanitizeLine(unknown)}"` : '(a long word, not shown)'
  const topic = known.join(':')
  const help = `See: groupme ${[...known, '--help'].join(' ')}`
  if (commandIds.includes(topic)) return new UsageError(`unexpected argument ${bad} for "${known.join(' ')}". ${help}`)
  const offered = [...new Set(commandIds.filter((id) => topic === '' || id.startsWith(topic + ':')).map((id) => id.split(':')[known.length]))]
  const where = known.length > 0 ? ` in "${known.join(' ')}"` : ''
  return new UsageError(`unknown command ${bad}${where}: the commands are ${offered.sort().join(', ')}. ${help}`)
}
