import * as Flags from '@oclif/core/flags'
import {parseUserRef} from '../../api/ids.js'
import {UsageError} from '../../base/errors.js'
import {dbFlag} from '../archive/flags.js'

/** What `--allow-send` stands for when given alone: oclif has no flag with an optional value. */
const EVERY_CHAT = 'all'

/**
 * `--allow-send` alone (the last word, or followed by another flag) as `--allow-send=all`, so that
 * oclif, which has no flag with an optional value, can parse it; `--allow-send @Alice,@Bob` stays.
 */
export function withBareAllowSend(argv: string[]): string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  return argv.map((word, index) =>
    index < end && word === '--allow-send' && (index + 1 >= end || argv[index + 1].startsWith('-')) ? `--allow-send=${EVERY_CHAT}` : word,
  )
}

/** --allow-send's value: undefined (read-only), every chat, or the chats listed, each checked now. */
export function parseAllowSend(value: string | undefined): 'all' | string[] | undefined {
  if (value === undefined) return undefined
  if (value === EVERY_CHAT) return 'all'
  const chats = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  if (chats.length === 0) throw new UsageError('--allow-send takes chats separated by commas (@Alice,@Bob, user ids or chat ids), or nothing for every chat')
  for (const chat of chats) parseUserRef(chat, '--allow-send')
  return chats
}

/** --db, --allow-send and --yes: `groupme mcp`'s, and `groupme mcp config`'s, which passes them on. */
export const mcpFlags = {
  db: dbFlag,
  'allow-send': Flags.string({
    description: 'Add the send_message and react tools. Alone: for every chat; with chats separated by commas (@Alice,@Bob, user ids, chat ids): for those only.',
  }),
  yes: Flags.boolean({description: 'With --allow-send: send without asking the user to confirm, even when the host could ask.', dependsOn: ['allow-send']}),
}
