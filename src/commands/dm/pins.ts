import {chatArg} from '../../core/args.js'
import {BaseCommand, jqFlag, jsonlFlag} from '../../core/base-command.js'
import {parseChatRef} from '../../api/ids.js'
import {resolveChat} from '../../lib/chats/resolve.js'
import {messageColumns} from '../../lib/dm/columns.js'
import {pinnedMessages} from '../../lib/dm/pins.js'
import {list, tsvColumnsHelp} from '../../output/render.js'

export default class DmPins extends BaseCommand<typeof DmPins> {
  static override summary = 'List the pinned messages of a chat.'
  static override description = `Most recently pinned first. --json and --jsonl print the messages exactly as the service sent them.\n\n${tsvColumnsHelp(messageColumns)}`

  static override examples = [
    {description: 'What is pinned with Alice', command: '<%= config.bin %> dm pins @Alice'},
    {description: 'Pinned texts only', command: "<%= config.bin %> dm pins 118825642 --jsonl --jq '.text'"},
  ]

  static override args = {
    chat: chatArg,
  }

  static override flags = {
    jsonl: jsonlFlag,
    jq: jqFlag,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const client = await this.context.client()
    const {otherUserId} = await resolveChat(client, ref)
    return list(await pinnedMessages(client, otherUserId), messageColumns, {empty: 'No pinned messages.'})
  }
}
