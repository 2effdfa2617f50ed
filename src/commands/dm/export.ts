import * as Flags from '@oclif/core/flags'
import {parseUserRef} from '../../api/ids.js'
import {userArg} from '../../core/args.js'
import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {parseDate} from '../../core/dates.js'
import {UsageError} from '../../base/errors.js'
import {exportConversation, shortArchiveError, summaryLine} from '../../lib/dm/export/exporter.js'
import {refuseDash} from '../../core/flags.js'
import {MAX_PAGE_SIZE} from '../../lib/dm/pager.js'
import {record} from '../../output/render.js'

export default class DmExport extends BaseCommand<typeof DmExport> {
  static override summary = 'Export a whole conversation to a JSONL file, resumably.'
  static override description =
    'Writes one message a line, exactly as the service sent it. After every page FILE.checkpoint.json records how far ' +
    'the export got, so running the same command again after a crash, Ctrl-C or network failure continues where it ' +
    'stopped, without duplicates or gaps, and running it after a finished export adds only the new messages.\n\n' +
    'With --order asc (the default) pages arrive newest first and are spooled to FILE.spool, then written to FILE ' +
    'oldest first when the walk is over: on a first run FILE stays empty until the end. With --order desc the first ' +
    'run writes FILE as pages arrive; a later run that finds new messages rewrites FILE with them at the top.\n\n' +
    'Progress goes to stderr: a bar on a terminal, else one summary line at the end. Nothing goes to stdout except, ' +
    'with --json, a summary object {file, order, written, new, pages, count, complete, short, media}. Without --since or ' +
    '--until the file is checked against the service\'s message count: a FILE that holds fewer messages exits 8, and the ' +
    'next run walks the whole history again to fill the gap (--verify does so at once).\n\n' +
    'FILE belongs to the export: lines added to it by hand are not cut but refused (exit 2), and a FILE whose end ' +
    'no longer matches its checkpoint is refused too.'

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

  static override args = {
    user: userArg,
  }

  static override flags = {
    out: refuseDash(
      Flags.string({
        char: 'o',
        description: 'The JSONL file to write: a regular file, or none yet (symbolic links are followed). FILE.checkpoint.json (and, while it runs, FILE.spool) go beside it.',
        required: true,
      }),
      'dm export writes a file it can resume; to print messages, use dm list --all --jsonl',
    ),
    order: Flags.option({
      description: 'asc: oldest first (written at the end of a run); desc: newest first (written as pages arrive).',
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
        'Walk the whole history again, not only what is new, and add any message FILE lacks, in order and never twice. ' +
        'A run whose FILE ends short of the service\'s count does this by itself on the next run.',
    }),
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
