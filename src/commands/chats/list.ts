import * as Flags from '@oclif/core/flags'
import {BaseCommand, jqFlag, jsonlFlag} from '../../core/base-command.js'
import {chatColumns, chatFields} from '../../lib/chats/columns.js'
import {allChatPages, firstChats, MAX_CHATS_PER_PAGE, oneChatPage, withChatIds} from '../../lib/chats/pages.js'
import {jsonFieldsHelp} from '../../output/fields.js'
import {list, tsvColumnsHelp} from '../../output/render.js'

export default class ChatsList extends BaseCommand<typeof ChatsList> {
  static override summary = 'List your direct-message chats, most recently updated first.'
  static override description = `${jsonFieldsHelp(chatFields)}\n\n${tsvColumnsHelp(chatColumns)}`
  static override jsonFields = chatFields
  static override examples = [
    {description: 'The 20 most recent chats', command: '<%= config.bin %> chats list'},
    {description: 'Every chat, as JSON, names only', command: "<%= config.bin %> chats list --all --json | jq -r '.[].other_user.name'"},
    {description: 'Only some fields, one chat a line', command: '<%= config.bin %> chats list --all --jsonl --json=other_user.name,messages_count'},
    {description: 'Chats with unread-looking activity, tab-separated for awk', command: "<%= config.bin %> chats list --per-page 50 | awk -F'\\t' '$3 > 100'"},
  ]

  static override flags = {
    page: Flags.integer({description: 'Page number, from 1.', default: 1, min: 1, exclusive: ['all']}),
    'per-page': Flags.integer({description: 'Chats per page.', default: 20, min: 1, max: MAX_CHATS_PER_PAGE, exclusive: ['all']}),
    all: Flags.boolean({description: `Every chat: ${MAX_CHATS_PER_PAGE} a page until an empty page.`}),
    limit: Flags.integer({description: 'The first N chats, most recent first, over as many pages as that takes.', min: 1, exclusive: ['all', 'page', 'per-page']}),
    jsonl: jsonlFlag,
    jq: jqFlag,
  }

  async run() {
    const client = await this.context.client()
    const {limit} = this.flags
    const pages =
      limit !== undefined ? firstChats(client, limit) : this.flags.all ? allChatPages(client) : oneChatPage(client, this.flags.page, this.flags['per-page'])
    return list(withChatIds(client, pages), chatColumns, {empty: 'No chats.', raw: (entry) => entry.chat})
  }
}
