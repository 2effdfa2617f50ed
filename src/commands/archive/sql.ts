import * as Args from '@oclif/core/args'
import {requireText} from '../../lib/archive/filter-flags.js'
import {dbFlag} from '../../lib/archive/flags.js'
import {archiveOutput} from '../../lib/archive/location.js'
import {BaseCommand, jqFlag, jsonlFlag} from '../../core/base-command.js'
import {tsvColumnsHelp} from '../../output/render.js'

export default class ArchiveSql extends BaseCommand<typeof ArchiveSql> {
  static override summary = 'Run one read-only SQL statement over the archive.'
  static override description =
    'For what search and stats do not answer. The database is opened read-only: a statement that would change it ' +
    'fails (exit 2). Printed like every list: a table on a terminal, tab-separated in a pipe, --json / --jsonl as ' +
    'objects (an integer beyond 2^53 as a string). Tables: chats, users, messages, messages_fts, media, ' +
    'message_media, sync_state, sync_runs, meta; the schema: https://github.com/groupme-dm-cli/groupme-dm-cli/blob/main/docs/archive.md' +
    '\n\n' +
    tsvColumnsHelp("the query's result columns, named as it names them")

  static override examples = [
    {description: 'The ten longest messages', command: "<%= config.bin %> archive sql \"SELECT name, length(text) AS n, text FROM messages ORDER BY n DESC LIMIT 10\""},
    {description: 'Messages that were edited', command: "<%= config.bin %> archive sql \"SELECT id, text FROM messages WHERE updated_at IS NOT NULL\" --json"},
  ]

  static override args = {
    sql: Args.string({description: 'One SQL statement (SELECT, WITH, PRAGMA that reads).', required: true}),
  }

  static override flags = {
    db: dbFlag,
    jsonl: jsonlFlag,
    jq: jqFlag,
  }

  async run() {
    const {runSql, sqlOutput} = await import('../../lib/archive/sql.js')
    const sql = requireText(this.args.sql, 'SQL', 'one SELECT statement')
    return archiveOutput(this.flags.db, this.context, (db) => sqlOutput(runSql(db, sql)))
  }
}
