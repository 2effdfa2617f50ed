import * as Flags from '@oclif/core/flags'
import {parseFilter} from '../../lib/archive/filter-flags.js'
import {chatsFlag, dbFlag} from '../../lib/archive/flags.js'
import {withArchive} from '../../lib/archive/location.js'
import type {ExportedFile} from '../../lib/archive/export.js'
import {BaseCommand} from '../../core/base-command.js'
import {refuseDash} from '../../core/flags.js'
import {type Column, list, tsvColumnsHelp} from '../../output/render.js'

/** A line for each file written. */
const exportColumns: Column<ExportedFile>[] = [
  {header: 'chat', value: (file) => file.chat},
  {header: 'messages', value: (file) => String(file.messages)},
  {header: 'file', value: (file) => file.file},
]

export default class ArchiveExport extends BaseCommand<typeof ArchiveExport> {
  static override summary = 'Write the archive out as files: one a chat, oldest first, JSONL or CSV.'
  static override description =
    'Each file is named after the chat\'s compound id (93645911+118825642.jsonl) and replaced whole when complete. ' +
    'JSONL lines are the messages exactly as the service sent them, so jq pipelines work unchanged. CSV columns, ' +
    'stable: id, created_at (ISO, UTC), conversation_id, sender_id, sender_name, sender_type, text, attachment_types ' +
    '(space-separated), likes (count), reactions (emoji×count or pack:ID:INDEX×count, space-separated), deleted_at, updated_at. A cell that ' +
    'starts with = + - @ is prefixed with \' so a spreadsheet does not run it. Prints the files written.' +
    '\n\n' +
    tsvColumnsHelp(exportColumns)

  static override examples = [
    {description: 'Every chat as JSONL', command: '<%= config.bin %> archive export --format jsonl --out ./export'},
    {description: 'Alice for a spreadsheet', command: '<%= config.bin %> archive export --format csv --out ./export --chat @Alice'},
  ]

  static override flags = {
    db: dbFlag,
    chat: chatsFlag,
    format: Flags.option({description: 'File format.', options: ['jsonl', 'csv'] as const, default: 'jsonl' as const})(),
    out: refuseDash(
      Flags.string({char: 'o', description: 'The directory to write into (created if missing).', required: true}),
      'the export is one file a chat in a directory; give the directory',
    ),
  }

  async run() {
    const {flags} = this
    const {exportArchive} = await import('../../lib/archive/export.js')
    const filter = parseFilter(flags)
    const files = await withArchive(flags.db, this.context, (db) =>
      exportArchive(db, {dir: flags.out, format: flags.format, chats: filter.resolve(db).chats}),
    )
    return list(files, exportColumns)
  }
}
