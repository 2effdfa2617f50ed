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
 * Refuse, before any request: an empty value for any flag that takes one (`--before-id ''`,
 * `--match "$UNSET"`), and `-` for a path flag that cannot mean stdin or stdout.
 */
export function checkFlagValues(tokens: FlagToken[], definitions: Record<string, FlagDefinition | undefined>): void {
  for (const {flag, input} of tokens) {
    const definition = definitions[flag]
    if (definition?.type !== 'option') continue
    if (input === '') throw new UsageError(`--${flag} needs a value, and got an empty one (an unset variable?)`)

    const dashRefused = DASH_REFUSED.get(definition)
    if (input === '-' && dashRefused !== undefined) {
      throw new UsageError(`--${flag} -: ${dashRefused} (for a file named -, write ./-)`)
    }
  }
}
