import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {filterFlags, parseFilter, requireText} from '../../lib/archive/filter-flags.js'
import {chatsFlag, dbFlag} from '../../lib/archive/flags.js'
import {archiveOutput} from '../../lib/archive/location.js'
import {SEARCH_TSV_COLUMNS} from '../../lib/archive/filters.js'
import {tsvColumnsHelp} from '../../output/render.js'
import {BaseCommand, jqFlag, jsonlFlag} from '../../core/base-command.js'
import {messageFields} from '../../lib/dm/columns.js'

export default class ArchiveSearch extends BaseCommand<typeof ArchiveSearch> {
  static override summary = 'Search the archived messages, offline: full-text, newest first.'
  static override description =
    'QUERY is FTS5 syntax:\n' +
    '  coffee monday       both words, anywhere in the text\n' +
    '  "see you there"     the phrase\n' +
    '  meet*               a prefix: meet, meeting, meetup\n' +
    '  coffee OR tea       either word\n' +
    '  coffee NOT decaf    the first without the second\n' +
    '  NEAR(budget plan, 5) both within 5 words\n' +
    'Case and accents do not matter (cafe finds Café). Quote the query for the shell, and put a word with ' +
    'punctuation in double quotes ("9:00").\n\n' +
    'On a terminal: one line a match (time, chat, sender: text) with the hits highlighted. In a pipe: tab-separated, ' +
    'the attachments as dm list shows them (↩ <id> for a reply, pinned, reactions such as ❤️ 2). --json and --jsonl print the messages exactly as the service sent them.\n\n' +
    tsvColumnsHelp(SEARCH_TSV_COLUMNS.map((header) => ({header})))

  static override examples = [
    {description: 'Where was that café?', command: '<%= config.bin %> archive search "cafe OR coffee"'},
    {description: 'What is pinned about the doc', command: '<%= config.bin %> archive search doc --pinned'},
    {description: 'Pictures Alice sent about the whiteboard', command: '<%= config.bin %> archive search whiteboard --chat @Alice --has image'},
    {description: 'Everything mentioning a meeting in October, as JSON for jq', command: '<%= config.bin %> archive search "meet*" --since 2026-10-01 --until 2026-11-01 --jsonl | jq -r .text'},
  ]

  static override args = {
    query: Args.string({description: 'What to look for, in FTS5 syntax (see DESCRIPTION).', required: true}),
  }

  static override jsonFields = messageFields

  static override flags = {
    db: dbFlag,
    chat: chatsFlag,
    ...filterFlags,
    pinned: Flags.boolean({description: 'Only pinned messages.'}),
    limit: Flags.integer({description: 'At most this many matches, newest first.', default: 50, min: 1, max: 100_000}),
    jsonl: jsonlFlag,
    jq: jqFlag,
  }

  async run() {
    const {flags} = this
    const {searchArchive, searchOutput} = await import('../../lib/archive/search.js')
    const query = requireText(this.args.query, 'QUERY', 'words to search for')
    const filter = parseFilter(flags)
    return archiveOutput(flags.db, this.context, (db) => searchOutput(searchArchive(db, query, filter.resolve(db), flags.limit)))
  }
}
