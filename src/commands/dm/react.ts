import * as Args from '@oclif/core/args'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag, requestDryRunFlag} from '../../core/base-command.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {resolveConversationId} from '../../lib/chats/resolve.js'
import {parseReaction, REACTIONS, reactionColumns, reactToMessage} from '../../lib/dm/reactions.js'
import {action} from '../../output/action.js'
import {record, tsvColumnsHelp} from '../../output/render.js'

export default class DmReact extends BaseCommand<typeof DmReact> {
  static override summary = 'Like a message, or react to it with an emoji.'
  static override description =
    `With no EMOJI, a plain like. EMOJI is one of the 15 reactions GroupMe takes (${REACTIONS.join(' ')}) or ` +
    'pack:ID:INDEX for a GroupMe emoji; anything else is exit 2 before any request. A second reaction replaces ' +
    'the first, as in the app. On a terminal the result is one line; in a pipe, the chat, message, reaction and request.' +
    '\n\n' +
    tsvColumnsHelp(reactionColumns)

  static override aliases = ['dm:like']

  static override examples = [
    {description: 'Like a message', command: '<%= config.bin %> dm react 118825642 179084538000000001'},
    {description: 'React with fire', command: '<%= config.bin %> dm react @Alice 179084538000000001 🔥'},
    {description: 'A GroupMe emoji', command: '<%= config.bin %> dm react 118825642 179084538000000001 pack:1:12'},
    {description: 'Show the request only', command: '<%= config.bin %> dm react 118825642 179084538000000001 ❤️ --dry-run'},
  ]

  static override args = {
    chat: chatArg,
    message: Args.string({description: 'The id of the message.', required: true}),
    emoji: Args.string({description: 'The reaction: one of the 15, or pack:ID:INDEX. None for a plain like.'}),
  }

  static override flags = {
    'dry-run': requestDryRunFlag,
    quiet: quietFlag,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const messageId = requireNumericId(this.args.message, 'MESSAGE')
    const icon = parseReaction(this.args.emoji)
    const client = await this.context.client()
    const conversationId = await resolveConversationId(client, ref)
    const change = await reactToMessage(client, {conversationId, messageId, icon, dryRun: this.flags['dry-run']})
    const result = record(change, reactionColumns)
    if (this.flags['dry-run']) return result
    const what = icon ? `Reacted ${change.reaction} to` : 'Liked'
    return action(`${what} message ${messageId} in chat ${conversationId}`, result)
  }
}
