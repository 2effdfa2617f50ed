import * as Flags from '@oclif/core/flags'
import {parseUserRef} from '../../api/ids.js'
import {userArg} from '../../core/args.js'
import {BaseCommand, baseFlagsRefusing, quietFlag} from '../../core/base-command.js'
import {parseDate} from '../../core/dates.js'
import {UsageError} from '../../base/errors.js'
import {archivePath} from '../../lib/archive/location.js'
import {dbFlag} from '../../lib/archive/flags.js'
import {exportConversation, shortArchiveError, summaryLine} from '../../lib/dm/export/exporter.js'
import {refuseDash} from '../../core/flags.js'
import {MAX_PAGE_SIZE} from '../../lib/dm/pager.js'
import {record, noTsvHelp} from '../../output/render.js'

export default class DmExport extends BaseCommand<typeof DmExport> {
  static override summary = 'Export a whole conversation to a JSONL file, resumably.'
  static override description =
    'Writes one message a line, exactly as the service sent it. The messages are fetched into the archive ' +
    '(--db, else the file archive sync uses), each page with the place the walk reached, so running the same command ' +
    'again after a crash, Ctrl-C or network failure continues where it stopped, and running it after a finished ' +
    'export fetches only the new messages. FILE is then written whole from the archive, oldest first (--order asc, ' +
    'the default) or newest first, into a temporary file beside it that is renamed over it: FILE is always the last ' +
    'whole export, never half of one, with every message once.\n\n' +
    'Progress goes to stderr: a bar on a terminal, else one summary line at the end. Nothing goes to stdout except, ' +
    'with --json, a summary object {file, order, written, new, pages, count, complete, short, media}. Without --since or ' +
    '--until the archive is checked against the service\'s message count; one that holds fewer messages is walked again ' +
    'through the whole history (--verify does so whatever the count), and if FILE still holds fewer the run exits 8.\n\n' +
    'FILE belongs to the export: a FILE holding anything but messages of the archive (lines added by hand, another ' +
    'file) is refused (exit 2) and left as it is. One export or archive sync writes an archive at a time: another one ' +
    'running on it is exit 6.' +
    '\n\n' +
    noTsvHelp('it writes FILE; --json prints a summary object')

  static override examples = [
    {description: 'Archive a conversation, oldest first', command: '<%= config.bin %> dm export 118825642 --out alice.jsonl'},
    {
      description: 'Nightly from cron: each run adds only what is new, and resumes if the last one was cut short',
      command: '15 3 * * * <%= config.bin %> dm export 118825642 --out ~/archive/alice.jsonl --media ~/archive/alice-media --json >> ~/archive/export.log 2>&1',
    },
    {description: 'With the images, since their URLs expire', command: '<%= config.bin %> dm export @Alice --out alice.jsonl --media ./alice-media'},
    {description: 'October 2026 only, newest first', command: '<%= config.bin %> dm export 118825642 --out october.jsonl --since 2026-10-01 --until 2026-11-01 --order desc'},
    {description: 'Texts of the archive', command: "jq -r '.text // empty' alice.jsonl"},
  ]

  static override baseFlags = baseFlagsRefusing({header: 'it writes FILE and prints no columns; --json prints a summary object'})

  static override args = {
    user: userArg,
  }

  static override flags = {
    out: refuseDash(
      Flags.string({
        char: 'o',
        description: 'The JSONL file to write: a regular file, or none yet (symbolic links are followed). It is replaced whole at the end of each run.',
        required: true,
      }),
      'dm export writes a file it can resume; to print messages, use dm list --all --jsonl',
    ),
    order: Flags.option({
      description: 'asc: oldest first; desc: newest first.',
      options: ['asc', 'desc'] as const,
      default: 'asc' as const,
    })(),
    since: Flags.string({description: 'Only messages sent at or after this ISO date or time (local time without a zone). Paging stops once past it.'}),
    until: Flags.string({description: 'Only messages sent before this ISO date or time (local time without a zone).'}),
    media: refuseDash(
      Flags.string({
        description:
          'Save image attachments in this directory as <message id>-<index>.<ext>; files already there are kept. ' +
          'An image that cannot be fetched (only http and https URLs are) is a warning, listed in FILE.media-failures.json and tried again by later runs, up to 5 times.',
      }),
      'images are saved as files in a directory; give its path',
    ),
    verify: Flags.boolean({
      description:
        'Walk the whole history again, not only what is new, and add any message the archive lacks, in order and never twice. ' +
        'A run whose archive is short of the service\'s count does this by itself.',
    }),
    db: dbFlag,
    'page-size': Flags.integer({description: 'Messages a request.', min: 1, max: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE}),
    quiet: quietFlag,
  }

  async run() {
    const {flags} = this
    const user = parseUserRef(this.args.user, 'USER')
    const since = flags.since === undefined ? undefined : parseDate(flags.since, '--since')
    const until = flags.until === undefined ? undefined : parseDate(flags.until, '--until')
    if (since && until && since.ms >= until.ms) throw new UsageError('--since must be before --until')
    const summary = await exportConversation(this.context, {
      user,
      out: flags.out,
      dbPath: archivePath(flags.db, this.context.settings),
      order: flags.order,
      since,
      until,
      pageSize: flags['page-size'],
      mediaDir: flags.media,
      verify: flags.verify,
      json: flags.json,
    })
    if (!flags.quiet || summary.short) this.note(summaryLine(summary))
    // stdout stays empty for cron unless a summary is asked for.
    const output = flags.json ? record(summary, []) : undefined
    if (!summary.short) return output
    // A short archive is never reported as success: the summary, then exit 8.
    if (output) await this.print(output)
    throw shortArchiveError({...summary, short: summary.short})
  }
}
