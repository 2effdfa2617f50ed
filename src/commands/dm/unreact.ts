import * as Args from '@oclif/core/args'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag, requestDryRunFlag} from '../../core/base-command.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {resolveConversationId} from '../../lib/chats/resolve.js'
import {reactionColumns, removeReaction} from '../../lib/dm/reactions.js'
import {action} from '../../output/action.js'
import {record, tsvColumnsHelp} from '../../output/render.js'

export default class DmUnreact extends BaseCommand<typeof DmUnreact> {
  static override summary = 'Take your like or reaction off a message.'
  static override description = 'Harmless when there is none. On a terminal the result is one line; in a pipe, the chat, message and request.' +
    '\n\n' +
    tsvColumnsHelp(reactionColumns)

  static override aliases = ['dm:unlike']

  static override examples = [
    {description: 'Unlike', command: '<%= config.bin %> dm unreact 118825642 179084538000000001'},
    {description: 'Show the request only', command: '<%= config.bin %> dm unreact @Alice 179084538000000001 --dry-run'},
  ]

  static override args = {
    chat: chatArg,
    message: Args.string({description: 'The id of the message.', required: true}),
  }

  static override flags = {
    'dry-run': requestDryRunFlag,
    quiet: quietFlag,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const messageId = requireNumericId(this.args.message, 'MESSAGE')
    const client = await this.context.client()
    const conversationId = await resolveConversationId(client, ref)
    const change = await removeReaction(client, {conversationId, messageId, dryRun: this.flags['dry-run']})
    const result = record(change, reactionColumns)
    return this.flags['dry-run'] ? result : action(`Took your reaction off message ${messageId} in chat ${conversationId}`, result)
  }
}
