import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {resolveChat} from '../../lib/chats/resolve.js'
import {pinOutput, setPin} from '../../lib/dm/pins.js'

export default class DmUnpin extends BaseCommand<typeof DmUnpin> {
  static override summary = 'Unpin a message in a chat.'
  static override description =
    'The message is read first: one that is not pinned is left as it is, with exit 0 and a line saying so (the ' +
    'service would answer a bare 400). A message that is not in the chat is exit 4, nothing sent. On a terminal the result is ' +
    'one line; in a pipe, the chat, message, whether it is pinned, whether anything changed, and the request.'

  static override examples = [
    {description: 'Unpin a message', command: '<%= config.bin %> dm unpin 118825642 179084538000000001'},
    {description: 'Safe to repeat from a script', command: '<%= config.bin %> dm unpin @Alice 179084538000000001 --quiet'},
  ]

  static override args = {
    chat: chatArg,
    message: Args.string({description: 'The id of the message.', required: true}),
  }

  static override flags = {
    'dry-run': Flags.boolean({description: 'Read the message and show the request, and send nothing.'}),
    quiet: quietFlag,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const messageId = requireNumericId(this.args.message, 'MESSAGE')
    const client = await this.context.client()
    const {conversationId, otherUserId} = await resolveChat(client, ref)
    const change = await setPin(client, {conversationId, otherUserId, messageId, pinned: false, dryRun: this.flags['dry-run']})
    return pinOutput(change, this.flags['dry-run'])
  }
}
