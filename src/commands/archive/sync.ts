import * as Flags from '@oclif/core/flags'
import {chatsFlag, dbFlag} from '../../lib/archive/flags.js'
import {archivePath} from '../../lib/archive/location.js'
import {BaseCommand, baseFlagsRefusing, quietFlag} from '../../core/base-command.js'
import {parseDuration} from '../../core/durations.js'
import {parseChatRef} from '../../api/ids.js'
import {record, noTsvHelp} from '../../output/render.js'

export default class ArchiveSync extends BaseCommand<typeof ArchiveSync> {
  static override summary = 'Archive every DM chat of the account into one SQLite database, and keep it up to date.'
  static override description =
    'The first run walks the whole history of every chat; later runs fetch only what is new (a run with nothing new ' +
    'costs the /chats pages and /users/me). Each page is committed with the walk\'s position, so a crash, Ctrl-C or ' +
    'kill at any moment loses nothing: run it again and it goes on, with no gap and no duplicate. After the walk each ' +
    'chat is checked against the service\'s message count; a chat that differs is walked once more, and one that ' +
    'still differs is listed and the exit code is 8.\n\n' +
    'Chats are walked --concurrency at a time under one rate limit for the whole run (GROUPME_MAX_RPS, default 8 a ' +
    'second); a 429 slows every chat down, then the pace recovers. Likes, reactions, deletions and edits that happen ' +
    'after a message was archived are picked up by --refresh, which re-reads that recent window of every chat.\n\n' +
    'One sync per database at a time: a second one exits 6. Progress: a bar on a terminal\'s stderr, else one ' +
    'summary line on stderr (none with --quiet, unless chats are incomplete); --json prints the summary object on stdout. ' +
    'The schema: https://github.com/groupme-dm-cli/groupme-dm-cli/blob/main/docs/archive.md' +
    '\n\n' +
    noTsvHelp('a summary line on stderr; --json prints the report')

  static override examples = [
    {description: 'Archive everything (first run: the whole history)', command: '<%= config.bin %> archive sync'},
    {
      description: 'Nightly from cron: what is new, plus a week of likes and deletions, with images',
      command: '15 3 * * * <%= config.bin %> archive sync --refresh 7d --media --json >> ~/archive-sync.log 2>&1',
    },
    {description: 'Two chats only, into another file', command: '<%= config.bin %> archive sync --chat @Alice --chat 56366372 --db ./friends.db'},
    {description: 'Hourly from cron, silent unless something is wrong', command: '0 * * * * <%= config.bin %> archive sync --quiet'},
  ]

  static override baseFlags = baseFlagsRefusing({header: 'it prints no columns: a summary line on stderr, or the report with --json'})

  static override flags = {
    db: dbFlag,
    chat: chatsFlag,
    concurrency: Flags.integer({description: 'Chats walked at once (all share one rate limit).', default: 4, min: 1, max: 16}),
    refresh: Flags.string({description: 'Re-read messages sent in this recent window (30m, 12h, 7d, 2w) and update likes, reactions, deletions and edits.'}),
    media: Flags.boolean({description: 'Also save image, video and file attachments beside the database (ARCHIVE-media/), content-addressed; failures are retried by later syncs.'}),
    quiet: quietFlag,
  }

  async run() {
    const {flags} = this
    const chats = (flags.chat ?? []).map((value) => parseChatRef(value))
    const refreshSeconds = flags.refresh === undefined ? undefined : parseDuration(flags.refresh, '--refresh') / 1000
    const dbPath = archivePath(flags.db, this.context.settings)
    const {archiveSync, incompleteError, syncSummaryLine} = await import('../../lib/archive/workflow.js')
    const report = await archiveSync(this.context, {dbPath, chats, concurrency: flags.concurrency, refreshSeconds, media: flags.media, json: flags.json})
    const incomplete = incompleteError(report)
    if (flags.json) await this.print(record(report, []))
    // --quiet: a cron line that prints only when something is wrong.
    else if (!flags.quiet || incomplete) this.note(syncSummaryLine(report))
    if (incomplete) throw incomplete
  }
}
