import {createInterface} from 'node:readline/promises'
import {InterruptedError, UsageError} from './errors.js'

/**
 * Destructive work asks first on a terminal; without one, `--yes` is required (as `gh` does),
 * so a script never deletes by accident. Declining is exit 2 with nothing sent.
 */
export async function confirmDestructive(question: string, yes: boolean): Promise<void> {
  if (yes) return
  ensureConfirmable(yes)

  const prompt = createInterface({input: process.stdin, output: process.stderr})
  let answer: string
  try {
    answer = await prompt.question(`${question} [y/N] `)
  } catch {
    // Ctrl-C or Ctrl-D at the prompt.
    throw new InterruptedError('not confirmed; nothing was deleted')
  } finally {
    prompt.close()
  }

  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('not confirmed; nothing was deleted')
}

/** Without a terminal to ask on, `--yes` is required: exit 2 before anything is sent. */
export function ensureConfirmable(yes: boolean): void {
  if (!yes && (process.stdin.isTTY !== true || process.stderr.isTTY !== true)) {
    throw new UsageError('this deletes messages: pass --yes to confirm when not on a terminal')
  }
}
