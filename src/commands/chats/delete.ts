import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag, requestDryRunFlag, yesFlag} from '../../core/base-command.js'
import {confirmDestructive, ensureConfirmable} from '../../core/confirm.js'
import {parseChatRef} from '../../api/ids.js'
import {resolveConversationId} from '../../lib/chats/resolve.js'
import {chatDeletionColumns, chatDeletionQuestion, deleteChat} from '../../lib/chats/delete.js'
import {action} from '../../output/action.js'
import {record, tsvColumnsHelp} from '../../output/render.js'

export default class ChatsDelete extends BaseCommand<typeof ChatsDelete> {
  static override summary = 'Clear a chat\'s history for you and remove it from your list. Cannot be undone.'
  static override description =
    'The other user keeps their copy. On a terminal this asks first, saying how many messages the chat holds and ' +
    'whether your archive (when there is one) holds all of them; otherwise --yes is required, and without it the ' +
    'command is exit 2 with nothing sent. @Name must be the exact name (exit 2 otherwise, naming the close one), so a ' +
    're-run never falls back to someone else once the chat is gone. Archive the chat first with `groupme archive sync` to keep it.' +
    '\n\n' +
    tsvColumnsHelp(chatDeletionColumns)

  static override examples = [
    {description: 'Delete, asking first', command: '<%= config.bin %> chats delete @Bob'},
    {description: 'From a script, after archiving', command: '<%= config.bin %> archive sync && <%= config.bin %> chats delete 93645911+56366372 --yes'},
    {description: 'Show the request only', command: '<%= config.bin %> chats delete 56366372 --dry-run'},
  ]

  static override untestedExamples = {
    '<%= config.bin %> chats delete @Bob': 'asks on a terminal',
    '<%= config.bin %> archive sync && <%= config.bin %> chats delete 93645911+56366372 --yes': 'writes an archive in the home directory; tested in test/commands/chats-delete.test.ts',
  }

  static override args = {
    chat: chatArg,
  }

  static override flags = {
    yes: yesFlag,
    'dry-run': requestDryRunFlag,
    quiet: quietFlag,
  }

  async run() {
    const ref = parseChatRef(this.args.chat)
    const dryRun = this.flags['dry-run']
    const asking = !dryRun && !this.flags.yes
    // Without a terminal to ask on, --yes is required: exit 2 before any request.
    if (asking) ensureConfirmable(this.context.io, false, 'this deletes the whole chat')
    const client = await this.context.client()
    const conversationId = await resolveConversationId(client, ref, {exactName: true})
    if (asking) await confirmDestructive(this.context.io, await chatDeletionQuestion(this.context, client, conversationId), false)
    const deletion = await deleteChat(client, {conversationId, dryRun})
    const result = record(deletion, chatDeletionColumns)
    return dryRun ? result : action(`Deleted chat ${conversationId}: its history is cleared for you`, result)
  }
}
