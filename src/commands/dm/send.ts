import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand, jqFlag, quietFlag} from '../../core/base-command.js'
import {messageFields} from '../../lib/dm/columns.js'
import {newSourceGuid} from '../../api/client.js'
import {refuseDash} from '../../core/flags.js'
import {resolveUser} from '../../lib/chats/resolve.js'
import {parseUserRef, requireNumericId} from '../../api/ids.js'
import {parseDuration} from '../../core/durations.js'
import {ATTACHMENT_FLAGS, parseAttachments, previewAttachments} from '../../lib/dm/attachments.js'
import {messageColumns} from '../../lib/dm/columns.js'
import {checkText, messageTextFrom} from '../../lib/dm/compose.js'
import {checkFiles, previewFiles} from '../../lib/dm/file-attachment.js'
import {replyAttachment} from '../../lib/dm/reply.js'
import {sendWithUploads} from '../../lib/dm/send.js'
import {action} from '../../output/action.js'
import {document, record, tsvColumnsHelp} from '../../output/render.js'

const sentColumns = messageColumns.filter((column) => ['id', 'time', 'text'].includes(column.header))

/** How far back --source-guid looks by default: a week covers a daily or weekly cron job run twice. */
const DEFAULT_DEDUPE_WINDOW = '7d'

export default class DmSend extends BaseCommand<typeof DmSend> {
  static override summary = 'Send a direct message, exactly once.'
  static override description =
    'TEXT comes from the argument, or from stdin when it is - or omitted and stdin is not a terminal. ' +
    'Attachments go in the order given. One source_guid is fixed per run and reused on every retry, so a ' +
    'retried send is never delivered twice.\n\n' +
    'With --source-guid, the conversation\'s messages of the last --dedupe-window (7 days by default) are ' +
    'read first: if one was sent with that guid, nothing is sent and the exit code is 6, saying when it was ' +
    'sent. The service itself refuses a reused guid for only about a minute (exit 6 too). ' +
    'On a terminal the result is one line ("Sent to Alice Example"); in a pipe, the message\'s id, time and text (with --dry-run, the request body as JSON).' +
    '\n\n' +
    tsvColumnsHelp(sentColumns)

  static override examples = [
    {description: 'Say hello', command: '<%= config.bin %> dm send 118825642 "hello from the shell"'},
    {description: 'By name', command: '<%= config.bin %> dm send @Bob "hi"'},
    {description: 'From a pipe', command: 'uptime | <%= config.bin %> dm send 118825642'},
    {description: 'A photo and a place', command: '<%= config.bin %> dm send 118825642 "we are here" --image ./photo.jpg --location "40.7382,-73.9933,GroupMe HQ"'},
    {description: 'Safe to re-run from cron: a fixed guid is sent once (exit 6 the second time)', command: '<%= config.bin %> dm send 118825642 "daily report" --source-guid "report-$(date +%F)"'},
    {description: 'Once a month: look back 31 days for the guid', command: '<%= config.bin %> dm send 118825642 "rent" --source-guid "rent-$(date +%Y-%m)" --dedupe-window 31d'},
    {description: 'Answer a message, in its thread', command: '<%= config.bin %> dm send 118825642 "yes, Monday" --reply-to 179084538000000001'},
    {description: 'Send a document', command: '<%= config.bin %> dm send @Alice "the report" --file ./report.pdf'},
    {description: 'See the request without sending it', command: '<%= config.bin %> dm send 118825642 "hi" --dry-run'},
  ]

  static override args = {
    user: Args.string({description: 'The recipient: user id, @Name, or the chat id that chats list prints.', required: true}),
    text: Args.string({description: 'The text; - reads stdin.'}),
  }

  static override jsonFields = messageFields

  static override flags = {
    image: refuseDash(
      Flags.string({
        description: 'Attach an image: a URL as is, or a local file uploaded first (PNG, JPEG, GIF, WebP, HEIC or BMP by its first bytes, at most 20 MiB). Repeatable.',
        multiple: true,
        multipleNonGreedy: true,
        helpGroup: 'ATTACHMENT',
      }),
      'an image is not read from stdin; give a file or an https:// URL',
    ),
    location: Flags.string({description: 'Attach a location: "LAT,LNG[,NAME]". Repeatable.', multiple: true, multipleNonGreedy: true, helpGroup: 'ATTACHMENT'}),
    'emoji-placeholder': Flags.string({description: 'The placeholder character in TEXT for emoji.', dependsOn: ['emoji-charmap'], helpGroup: 'ATTACHMENT'}),
    'emoji-charmap': Flags.string({description: 'Emoji for the placeholders: JSON [[pack_id,offset],...].', dependsOn: ['emoji-placeholder'], helpGroup: 'ATTACHMENT'}),
    attachment: Flags.string({description: 'Attach any raw attachment object, as JSON. Repeatable.', multiple: true, multipleNonGreedy: true, helpGroup: 'ATTACHMENT'}),
    file: refuseDash(
      Flags.string({
        description: 'Attach a file (any type, under 50 MB), uploaded to GroupMe\'s file service first. Repeatable.',
        multiple: true,
        multipleNonGreedy: true,
        helpGroup: 'ATTACHMENT',
      }),
      'a file is not read from stdin; give its path',
    ),
    'reply-to': Flags.string({description: 'Send as a reply to this message of the chat (its thread is kept).', helpGroup: 'ATTACHMENT'}),
    'source-guid': Flags.string({description: 'The message\'s client-side id: sent once, however often the command runs. [default: a fresh random id]'}),
    'dedupe-window': Flags.string({
      description: `With --source-guid: how far back to look for it, e.g. 12h, 7d, 4w; 0 leaves it to the service (about a minute). [default: ${DEFAULT_DEDUPE_WINDOW}]`,
      dependsOn: ['source-guid'],
    }),
    'dry-run': Flags.boolean({description: 'Print the request body that would be sent, and send nothing.'}),
    quiet: quietFlag,
    jq: jqFlag,
  }

  async run() {
    const recipientRef = parseUserRef(this.args.user, 'USER')
    const windowSeconds = parseDuration(this.flags['dedupe-window'] ?? DEFAULT_DEDUPE_WINDOW, '--dedupe-window', {zero: true}) / 1000
    const attachmentFlags = this.flagOrder.filter(({flag}) => (ATTACHMENT_FLAGS as readonly string[]).includes(flag))
    const specs = await parseAttachments(attachmentFlags, this.flags['emoji-placeholder'])
    const replyTo = this.flags['reply-to'] && requireNumericId(this.flags['reply-to'], '--reply-to')
    // Every file is checked (exists, under 50 MB) before any request.
    const files = await checkFiles(this.flags.file ?? [])
    const text = await messageTextFrom(this.context.io, this.args.text, specs.length + files.length > 0)
    checkText(text, specs.length + files.length)
    // A dry run by id needs no token and sends nothing; a name or a chat id needs the service.
    const recipient = 'otherUserId' in recipientRef ? {id: recipientRef.otherUserId} : await resolveUser(await this.context.client(), recipientRef)
    const givenGuid = this.flags['source-guid']
    const sourceGuid = givenGuid ?? (await newSourceGuid())
    const message = {source_guid: sourceGuid, recipient_id: recipient.id, ...(text === '' ? {} : {text})}

    // The answered message is looked up (a read) even on a dry run: one not in the chat is exit 4, nothing sent.
    const reply = replyTo ? [await replyAttachment(await this.context.client(), recipient.id, replyTo)] : []
    if (this.flags['dry-run']) {
      const body = {direct_message: {...message, attachments: [...previewAttachments(specs), ...previewFiles(files), ...reply]}}
      if (specs.some((spec) => spec.kind === 'image-file')) this.note('dry run: local images would be uploaded first; their file:// URLs stand for the uploaded URLs')
      if (files.length > 0) this.note('dry run: files would be uploaded first; their file:// ids stand for the file ids')
      return document(body)
    }

    const client = await this.context.client()
    const dedupeSinceSeconds = givenGuid !== undefined && windowSeconds > 0 ? Math.floor(this.context.clock.now() / 1000) - windowSeconds : undefined
    const {message: sent, note} = await sendWithUploads(client, {message, specs, files, ready: reply, dedupeSinceSeconds})
    if (note) this.note(note)
    // Sent once but not found again: say so on stderr, and print nothing rather than an invented message.
    const sentTo = `Sent to ${recipient.name ?? `user ${recipient.id}`}`
    return action(sent ? `${sentTo} (message ${sent.id})` : sentTo, sent && record(sent, sentColumns))
  }
}
