import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../../core/base-command.js'
import type {OutgoingMessage} from '../../api/api.js'
import {newSourceGuid} from '../../api/client.js'
import {refuseDash} from '../../core/flags.js'
import {resolveUserId} from '../../lib/chats/resolve.js'
import {parseUserRef} from '../../api/ids.js'
import {ATTACHMENT_FLAGS, parseAttachments, previewAttachments, resolveAttachments} from '../../lib/dm/attachments.js'
import {messageColumns} from '../../lib/dm/columns.js'
import {checkText, messageTextFrom} from '../../lib/dm/compose.js'
import {deliver} from '../../lib/dm/send.js'
import {document, record} from '../../output/render.js'

const sentColumns = messageColumns.filter((column) => ['id', 'time', 'text'].includes(column.header))

export default class DmSend extends BaseCommand<typeof DmSend> {
  static override summary = 'Send a direct message, exactly once.'
  static override description =
    'TEXT comes from the argument, or from stdin when it is - or omitted and stdin is not a terminal. ' +
    'Attachments go in the order given. One source_guid is fixed per run and reused on every retry, so a ' +
    'retried send is never delivered twice; a 409 on the first attempt (the guid was used in the last minute) is exit 6.'

  static override examples = [
    {description: 'Say hello', command: '<%= config.bin %> dm send 118825642 "hello from the shell"'},
    {description: 'By name', command: '<%= config.bin %> dm send @Bob "hi"'},
    {description: 'From a pipe', command: 'uptime | <%= config.bin %> dm send 118825642'},
    {description: 'A photo and a place', command: '<%= config.bin %> dm send 118825642 "we are here" --image ./photo.jpg --location "40.7382,-73.9933,GroupMe HQ"'},
    {description: 'Safe to re-run from cron: a fixed guid is sent once', command: '<%= config.bin %> dm send 118825642 "daily report" --source-guid "report-$(date +%F)"'},
    {description: 'See the request without sending it', command: '<%= config.bin %> dm send 118825642 "hi" --dry-run'},
  ]

  static override args = {
    user: Args.string({description: 'The recipient\'s user id, or @Name.', required: true}),
    text: Args.string({description: 'The text; - reads stdin.'}),
  }

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
    'source-guid': Flags.string({description: 'The message\'s client-side id. [default: a fresh random id]'}),
    'dry-run': Flags.boolean({description: 'Print the request body that would be sent, and send nothing.'}),
  }

  async run() {
    const recipientRef = parseUserRef(this.args.user, 'USER')
    const attachmentFlags = this.flagOrder.filter(({flag}) => (ATTACHMENT_FLAGS as readonly string[]).includes(flag))
    const specs = await parseAttachments(attachmentFlags, this.flags['emoji-placeholder'])
    const text = await messageTextFrom(this.context.io, this.args.text, specs.length > 0)
    checkText(text, specs.length)
    // A dry run by id needs no token and sends nothing; a name needs the chat list.
    const recipient = 'name' in recipientRef ? await resolveUserId(await this.context.client(), recipientRef) : recipientRef.otherUserId
    const sourceGuid = this.flags['source-guid'] ?? (await newSourceGuid())
    const outgoing = (attachments: OutgoingMessage['attachments']): OutgoingMessage => ({
      source_guid: sourceGuid,
      recipient_id: recipient,
      ...(text === '' ? {} : {text}),
      attachments,
    })

    if (this.flags['dry-run']) {
      const body = {direct_message: outgoing(previewAttachments(specs))}
      if (specs.some((spec) => spec.kind === 'image-file')) this.note('dry run: local images would be uploaded first; their file:// URLs stand for the uploaded URLs')
      return document(body)
    }

    const client = await this.context.client()
    const attachments = await resolveAttachments(specs, (path, contentType) => client.uploadImageFile(path, contentType))
    const sent = outgoing(attachments)
    const {message, note} = await deliver(client, sent)
    if (note) this.note(note)
    // Sent once but not found again: say so on stderr, and print nothing rather than an invented message.
    if (message) return record(message, sentColumns)
  }
}
