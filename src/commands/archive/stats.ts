import * as Flags from '@oclif/core/flags'
import {filterFlags, parseFilter} from '../../lib/archive/filter-flags.js'
import {chatsFlag, dbFlag} from '../../lib/archive/flags.js'
import {STATS_FIELDS, STATS_GROUPS, statsFigureNames} from '../../lib/archive/filters.js'
import {withArchive} from '../../lib/archive/location.js'
import {BaseCommand, jqFlag} from '../../core/base-command.js'
import {tsvColumnsCasesHelp} from '../../output/render.js'

export default class ArchiveStats extends BaseCommand<typeof ArchiveStats> {
  static override summary = 'Messages per month (or week, weekday, hour, sender, chat), sent and received, likes given and received.'
  static override description =
    'Counted offline from the archive, in local time. For the whole account, or the chats given with --chat. On a ' +
    'terminal each row carries a bar scaled to the busiest row; in a pipe the rows are tab-separated; --json gives ' +
    'an array of {bucket, messages, sent, received, likes_given, likes_received}. --by reaction gives a row per ' +
    'reaction (the emoji, pack:ID:INDEX, or like): messages counts the reactions, sent and received the messages of ' +
    'mine and theirs that carry it, likes_given those I gave and likes_received those given to my messages.' +
    '\n\n' +
    tsvColumnsCasesHelp(STATS_GROUPS.map((group) => [`--by ${group}`, [group, ...statsFigureNames(group)].map((header) => ({header}))]))

  static override jsonFields = STATS_FIELDS

  static override examples = [
    {description: 'The shape of the account, month by month', command: '<%= config.bin %> archive stats'},
    {description: 'When does Alice write?', command: '<%= config.bin %> archive stats --chat @Alice --by hour'},
    {description: 'Who I talk to most this year', command: '<%= config.bin %> archive stats --by chat --since 2026-01-01'},
    {description: 'Which reactions, given and received', command: '<%= config.bin %> archive stats --by reaction'},
  ]

  static override flags = {
    db: dbFlag,
    chat: chatsFlag,
    by: Flags.option({description: 'What a row counts.', options: STATS_GROUPS, default: 'month' as const})(),
    ...filterFlags,
    jq: jqFlag,
  }

  async run() {
    const {flags} = this
    const {archiveStats, statsOutput} = await import('../../lib/archive/stats.js')
    const filter = parseFilter(flags)
    return statsOutput(flags.by, await withArchive(flags.db, this.context, (db) => archiveStats(db, flags.by, filter.resolve(db))))
  }
}
