import * as Args from '@oclif/core/args'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {action} from '../../output/action.js'
import {resolveChat} from '../../lib/chats/resolve.js'
import {markRead, receiptColumns} from '../../lib/receipt/send.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {record, tsvColumnsHelp} from '../../output/render.js'

export default class ReceiptSend extends BaseCommand<typeof ReceiptSend> {
  static override summary = 'Mark a message (by default the latest) as read.'
  static override description =
    'CHAT is a compound id or the other user\'s id. Without MESSAGE, the chat\'s latest message is marked read.' +
    '\n\n' +
    tsvColumnsHelp(receiptColumns)

  static override examples = [
    {description: 'Mark everything in a chat read', command: '<%= config.bin %> receipt send 118825642'},
    {description: 'Mark up to one message', command: '<%= config.bin %> receipt send 93645911+118825642 179084538000000001'},
  ]

  static override args = {
    chat: chatArg,
    message: Args.string({description: 'The message to mark read. [default: the latest]'}),
  }

  static override flags = {quiet: quietFlag}

  async run() {
    const ref = parseChatRef(this.args.chat)
    const given = this.args.message === undefined ? undefined : requireNumericId(this.args.message, 'MESSAGE')
    const client = await this.context.client()
    const receipt = await markRead(client, await resolveChat(client, ref), given)
    return action(`Marked read up to message ${receipt.message_id} in chat ${receipt.chat_id}`, record(receipt, receiptColumns))
  }
}
