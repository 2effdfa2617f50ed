import {InterruptedError, UsageError} from '../base/errors.js'
import type {IOStreams} from './io.js'

/**
 * Destructive work asks first on a terminal; without one, `--yes` is required (as `gh` does),
 * so a script never deletes by accident. Declining is exit 2 with nothing sent.
 */
export async function confirmDestructive(io: IOStreams, question: string, yes: boolean): Promise<void> {
  if (yes) return
  ensureConfirmable(io, yes)

  let answer: string
  try {
    answer = await io.prompt(`${question} [y/N] `)
  } catch {
    // Ctrl-C or Ctrl-D at the prompt.
    throw new InterruptedError('not confirmed; nothing was deleted')
  }

  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('not confirmed; nothing was deleted')
}

/** Without a terminal to ask on, `--yes` is required: exit 2 before anything is sent. */
export function ensureConfirmable(io: IOStreams, yes: boolean, what = 'this deletes messages'): void {
  if (!yes && !io.canPrompt()) {
    throw new UsageError(`${what}: pass --yes to confirm when not on a terminal`)
  }
}
