import {chatArg} from '../../core/args.js'
import {BaseCommand, jqFlag} from '../../core/base-command.js'
import {chatColumns, chatFields} from '../../lib/chats/columns.js'
import {resolveConversationId} from '../../lib/chats/resolve.js'
import {parseChatRef} from '../../api/ids.js'
import {jsonFieldsHelp} from '../../output/fields.js'
import {record, tsvColumnsHelp} from '../../output/render.js'

export default class ChatsShow extends BaseCommand<typeof ChatsShow> {
  static override summary = 'Show one direct-message chat.'
  static override description =
    'CHAT is a compound id (93645911+118825642) or the other user\'s id. Given a user id, the compound id is built from your own id and that id, sorted numerically.\n\n' +
    jsonFieldsHelp(chatFields) +
    '\n\n' +
    tsvColumnsHelp(chatColumns)

  static override jsonFields = chatFields

  static override examples = [
    {description: 'By the other user\'s id', command: '<%= config.bin %> chats show 118825642'},
    {description: 'By compound id, as JSON', command: '<%= config.bin %> chats show 93645911+118825642 --json'},
    {description: 'How many messages, for a script', command: "<%= config.bin %> chats show 118825642 --jq .messages_count"},
  ]

  static override args = {
    chat: chatArg,
  }

  static override flags = {
    jq: jqFlag,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const client = await this.context.client()
    const id = await resolveConversationId(client, ref)
    const chat = await client.showChat(id)
    return record({id, chat}, chatColumns, {raw: (entry) => entry.chat})
  }
}
