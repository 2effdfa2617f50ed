import {chatArg} from '../../core/args.js'
import {BaseCommand} from '../../core/base-command.js'
import {chatColumns} from '../../lib/chats/columns.js'
import {resolveConversationId} from '../../lib/chats/resolve.js'
import {parseChatRef} from '../../api/ids.js'
import {record} from '../../output/render.js'

export default class ChatsShow extends BaseCommand<typeof ChatsShow> {
  static override summary = 'Show one direct-message chat.'
  static override description =
    'CHAT is a compound id (93645911+118825642) or the other user\'s id. Given a user id, the compound id is built from your own id and that id, sorted numerically.'

  static override examples = [
    {description: 'By the other user\'s id', command: '<%= config.bin %> chats show 118825642'},
    {description: 'By compound id, as JSON', command: '<%= config.bin %> chats show 93645911+118825642 --json'},
  ]

  static override args = {
    chat: chatArg,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const client = await this.context.client()
    const id = await resolveConversationId(client, ref)
    const chat = await client.showChat(id)
    return record({id, chat}, chatColumns, {raw: (entry) => entry.chat})
  }
}
