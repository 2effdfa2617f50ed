import {UsageError} from '../../base/errors.js'
import type {IOStreams} from '../../core/io.js'

/** docs/service.md, Sending: `text` is limited to 1,000 characters. */
export const MAX_TEXT_LENGTH = 1000

/**
 * The text to send: the argument, or stdin when it is `-`, or when it is omitted and stdin is
 * not a terminal. One trailing newline from stdin is dropped (`echo hi | groupme dm send …`).
 * With an attachment, an omitted TEXT means none: stdin is read only for `-`, so a send inside
 * `… | while read id; do …; done` never swallows the loop's input.
 */
export async function messageTextFrom(io: IOStreams, argument: string | undefined, hasAttachments = false): Promise<string> {
  if (argument !== undefined && argument !== '-') return argument
  if (argument === undefined && (hasAttachments || io.stdinIsTTY)) return ''
  return (await io.readStdin('TEXT')).replace(/\r?\n$/, '')
}

export function checkText(text: string, attachmentCount: number): void {
  if (text.trim() === '' && attachmentCount === 0) {
    throw new UsageError('nothing to send: give TEXT (or - for stdin) or at least one attachment')
  }

  const length = [...text].length
  if (length > MAX_TEXT_LENGTH) {
    throw new UsageError(`TEXT is ${length} characters; GroupMe takes at most ${MAX_TEXT_LENGTH}`)
  }
}
