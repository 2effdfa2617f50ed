import {UsageError} from '../base/errors.js'

/**
 * Checks every command's flag values get after oclif has parsed them and before the command
 * runs, so nothing is sent on a bad one. oclif checks types, ranges and options; these are the
 * rules it has no notion of.
 */

/** Why `-` is refused, for each flag that takes a path and has no stdin/stdout meaning for it. */
const DASH_REFUSED = new WeakMap<object, string>()

/**
 * Mark a path flag whose value `-` would otherwise create or read a file named "-". `why` says
 * what to do instead; the message adds how to name such a file on purpose (`./-`).
 */
export function refuseDash<F extends object>(flag: F, why: string): F {
  DASH_REFUSED.set(flag, why)
  return flag
}

/** Why a flag is refused, for each base flag a command cannot honour. */
const REFUSED = new WeakMap<object, string>()

/**
 * A copy of `flag` that the command refuses: hidden from --help and completion, and typed, exit 2
 * saying `why` (docs/decisions/0073-an-output-flag-a-command-cannot-honour-is-refused.md).
 */
export function refusedFlag<F extends object>(flag: F, why: string): F {
  const refused = {...flag, hidden: true}
  REFUSED.set(refused, why)
  return refused
}

/** Whether the command refuses this flag (refusedFlag). */
export function isRefused(flag: object | undefined): boolean {
  return flag !== undefined && REFUSED.has(flag)
}

/** One flag as oclif saw it typed. */
export interface FlagToken {
  flag: string
  input: string
}

/** A flag's definition: oclif's `option` flags take a value, `boolean` flags do not. */
export interface FlagDefinition {
  type: string
}

/**
 * Refuse, before any request: a flag the command refuses (refusedFlag), an empty value for any
 * flag that takes one (`--before-id ''`, `--match "$UNSET"`), and `-` for a path flag that cannot
 * mean stdin or stdout.
 */
export function checkFlagValues(tokens: FlagToken[], definitions: Record<string, FlagDefinition | undefined>): void {
  for (const {flag, input} of tokens) {
    const definition = definitions[flag]
    const refused = definition && REFUSED.get(definition)
    if (refused !== undefined) throw new UsageError(`--${flag} does not apply: ${refused}`)
    if (definition?.type !== 'option') continue
    if (input === '') throw new UsageError(`--${flag} needs a value, and got an empty one (an unset variable?)`)

    const dashRefused = DASH_REFUSED.get(definition)
    if (input === '-' && dashRefused !== undefined) {
      throw new UsageError(`--${flag} -: ${dashRefused} (for a file named -, write ./-)`)
    }
  }
}
