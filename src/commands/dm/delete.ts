import * as Args from '@oclif/core/args'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag, requestDryRunFlag, yesFlag} from '../../core/base-command.js'
import {deleteOwnMessage, deletionColumns} from '../../lib/dm/delete.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {tsvColumnsHelp} from '../../output/render.js'

export default class DmDelete extends BaseCommand<typeof DmDelete> {
  static override summary = 'Delete a message you sent.'
  static override description =
    'CHAT is a compound id (93645911+118825642) or the other user\'s id; the conversation id is the two user ids ' +
    'sorted numerically. Only the sender can delete a DM: the message is looked up first, and one the other user ' +
    'sent is refused (exit 5) before anything is deleted; one already deleted is said so (exit 0). On a terminal this asks first, naming the other user and ' +
    'quoting the start of the message; otherwise --yes is required. On a terminal the result is one line; in a pipe, ' +
    'the conversation id, message id, whether it was deleted, and the request.' +
    '\n\n' +
    tsvColumnsHelp(deletionColumns)

  static override examples = [
    {description: 'Delete, asking first', command: '<%= config.bin %> dm delete 118825642 179084538000000001'},
    {description: 'From a script', command: '<%= config.bin %> dm delete 93645911+118825642 179084538000000001 --yes'},
    {description: 'Show the request only', command: '<%= config.bin %> dm delete 118825642 179084538000000001 --dry-run'},
  ]

  static override untestedExamples = {'<%= config.bin %> dm delete 118825642 179084538000000001': 'asks on a terminal; the prompt is tested in test/e2e/prompts.test.ts'}

  static override args = {
    chat: chatArg,
    message: Args.string({description: 'The id of the message to delete.', required: true}),
  }

  static override flags = {
    yes: yesFlag,
    'dry-run': requestDryRunFlag,
    quiet: quietFlag,
  }

  async run() {
    const chat = parseChatRef(this.args.chat)
    const messageId = requireNumericId(this.args.message, 'MESSAGE')
    return deleteOwnMessage(this.context, {chat, messageId, dryRun: this.flags['dry-run'], yes: this.flags.yes})
  }
}
