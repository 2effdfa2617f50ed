import * as Args from '@oclif/core/args'
import {chatArg} from '../../core/args.js'
import {BaseCommand, quietFlag, requestDryRunFlag, yesFlag} from '../../core/base-command.js'
import {resolveChat} from '../../lib/chats/resolve.js'
import {confirmDestructive, ensureConfirmable} from '../../core/confirm.js'
import {deletableMessage, deletionQuestion} from '../../lib/dm/delete.js'
import {action} from '../../output/action.js'
import {parseChatRef, requireNumericId} from '../../api/ids.js'
import {type Column, record, tsvColumnsHelp} from '../../output/render.js'

interface Deletion {
  conversation_id: string
  message_id: string
  deleted: boolean
  request: string
}

/** The record a deletion prints (a dry run too). */
const deletionColumns: Column<Deletion>[] = [
  {header: 'conversation id', value: (deletion) => deletion.conversation_id},
  {header: 'message id', value: (deletion) => deletion.message_id},
  {header: 'deleted', value: (deletion) => String(deletion.deleted)},
  {header: 'request', value: (deletion) => deletion.request},
]

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
    const ref = parseChatRef(this.args.chat)
    const messageId = requireNumericId(this.args.message, 'MESSAGE')
    const asking = !this.flags['dry-run'] && !this.flags.yes
    // Without a terminal to ask on, --yes is required: exit 2 before any request.
    if (asking) ensureConfirmable(this.context.io, false)
    const client = await this.context.client()
    // Both ids, once (for an @Name too); a chat id that does not hold yours is exit 2 here.
    const chat = await resolveChat(client, ref)
    const conversation = chat.conversationId
    const request = `DELETE /conversations/${conversation}/messages/${messageId}`
    const result = (deleted: boolean) => record<Deletion>({conversation_id: conversation, message_id: messageId, deleted, request}, deletionColumns)
    if (this.flags['dry-run']) return result(false)
    const message = await deletableMessage(client, chat, messageId)
    if (message === 'already-deleted') return action(`Message ${messageId} is already deleted`, result(false))
    if (asking) await confirmDestructive(this.context.io, await deletionQuestion(client, chat, message), false)
    const outcome = await client.deleteMessage(conversation, messageId)
    const done = `Deleted your message ${messageId} in chat ${conversation}`
    return action(outcome.kind === 'deleted-earlier' ? `${done} (the first attempt did it; its answer was lost)` : done, result(true))
  }
}

