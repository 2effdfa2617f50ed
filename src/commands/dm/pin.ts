import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {resolveChat} from '../../lib/chats/resolve.js'
import {pinOutput, setPin, pinColumns} from '../../lib/dm/pins.js'
import {tsvColumnsHelp} from '../../output/render.js'

export default class DmPin extends BaseCommand<typeof DmPin> {
  static override summary = 'Pin a message in a chat.'
  static override description =
    'The message is read first: one already pinned is left as it is, with exit 0 and a line saying so (the service ' +
    'would answer a bare 400). A message that is not in the chat is exit 4, nothing sent. On a terminal the result is ' +
    'one line; in a pipe, the chat, message, whether it is pinned, whether anything changed, and the request.' +
    '\n\n' +
    tsvColumnsHelp(pinColumns)

  static override examples = [
    {description: 'Pin a message', command: '<%= config.bin %> dm pin 118825642 179084538000000001'},
    {description: 'Safe to repeat from a script', command: '<%= config.bin %> dm pin @Alice 179084538000000001 --quiet'},
    {description: 'Show the request only', command: '<%= config.bin %> dm pin 118825642 179084538000000001 --dry-run'},
  ]

  static override args = {
    chat: chatArg,
    message: Args.string({description: 'The id of the message.', required: true}),
  }

  static override flags = {
    'dry-run': Flags.boolean({description: 'Read the message and show the request, and send nothing.'}),
    quiet: quietFlag,
  }

  /** What the command makes of the message: DmUnpin says false. */
  protected pinned = true

  async run() {
    const ref = parseChatRef(this.args.chat)
    const messageId = requireNumericId(this.args.message, 'MESSAGE')
    const client = await this.context.client()
    const {conversationId, otherUserId} = await resolveChat(client, ref)
    const change = await setPin(client, {conversationId, otherUserId, messageId, pinned: this.pinned, dryRun: this.flags['dry-run']})
    return pinOutput(change, this.flags['dry-run'])
  }
}
