import * as Flags from '@oclif/core/flags'
import {parseChatRef} from '../../api/ids.js'
import {chatArg} from '../../core/args.js'
import {BaseCommand, jsonlFlag, quietFlag, yesFlag} from '../../core/base-command.js'
import {action} from '../../output/action.js'
import {parseDate} from '../../core/dates.js'
import {CliError, UsageError} from '../../base/errors.js'
import {messageColumns} from '../../lib/dm/columns.js'
import {parsePattern} from '../../lib/dm/matcher.js'
import {purge, summaryColumns} from '../../lib/dm/purge.js'
import {list, record, tsvColumnsCasesHelp} from '../../output/render.js'

export default class DmPurge extends BaseCommand<typeof DmPurge> {
  static override summary = 'Delete your own messages in a conversation: all of them, those before a date, or those matching a pattern.'
  static override description =
    'Only the sender can delete a DM, so --mine is required. @Name must be the exact name (exit 2 otherwise). The whole history is read first; on a terminal you are ' +
    'asked once, with the count; otherwise --yes is required. Messages are deleted one at a time, within the rate limit. ' +
    'A re-run finishes an interrupted or partly failed purge: messages already deleted are skipped. ' +
    'The summary (matched, deleted, skipped, failed) goes to stdout; each failure gets a line on stderr. ' +
    'Exit 0 when nothing failed, 1 when some deletions failed (re-run to retry them), 2 for bad input, 130 on Ctrl-C.\n\n' +
    'A deleted message keeps its place in history with its text replaced, so with --match the ones deleted earlier ' +
    'no longer match and are not counted.' +
    '\n\n' +
    tsvColumnsCasesHelp([
      ['with --dry-run, a message a line', messageColumns],
      ['otherwise, the summary', summaryColumns],
    ])

  static override examples = [
    {description: 'See what would go, delete nothing', command: '<%= config.bin %> dm purge 118825642 --mine --before 2024-01-01 --dry-run'},
    {description: 'Everything you sent before 2024 (local time), asking once', command: '<%= config.bin %> dm purge 118825642 --mine --before 2024-01-01'},
    {description: 'Messages with a phone number, from a script', command: '<%= config.bin %> dm purge 93645911+118825642 --mine --match "\\d{3}-\\d{4}" --yes'},
    {description: 'All of yours, by name, summary as JSON', command: '<%= config.bin %> dm purge @Bob --mine --yes --json'},
    {description: 'Before an exact instant, case-insensitive pattern', command: '<%= config.bin %> dm purge 118825642 --mine --before 2024-05-01T18:30:00Z --match "^draft" --ignore-case --yes'},
  ]

  static override untestedExamples = {'<%= config.bin %> dm purge 118825642 --mine --before 2024-01-01': 'asks on a terminal; the prompt is tested in test/e2e/prompts.test.ts'}

  static override args = {
    chat: chatArg,
  }

  static override flags = {
    mine: Flags.boolean({description: 'Delete messages you sent (required: only the sender can delete a DM).'}),
    before: Flags.string({description: 'Only messages sent before this ISO date or date-time (a date alone is local midnight).'}),
    match: Flags.string({description: 'Only messages whose text matches this regular expression.'}),
    'ignore-case': Flags.boolean({char: 'i', description: 'Match --match without regard to case.', dependsOn: ['match']}),
    'dry-run': Flags.boolean({description: 'List the messages that would be deleted, and delete nothing.'}),
    yes: yesFlag,
    jsonl: jsonlFlag,
    quiet: quietFlag,
  }

  async run() {
    const {flags} = this
    const chat = parseChatRef(this.args.chat)
    if (!flags.mine) {
      throw new UsageError('--mine is required: only the sender can delete a direct message, so purge deletes only messages you sent')
    }

    const beforeSeconds = flags.before === undefined ? undefined : parseDate(flags.before, '--before').ms / 1000
    const match = flags.match === undefined ? undefined : parsePattern(flags.match, flags['ignore-case'])
    const result = await purge(this.context, {chat, filter: {beforeSeconds, match}, dryRun: flags['dry-run'], yes: flags.yes})
    if (result.dryRun) {
      const {pending, alreadyDeleted} = result.selection
      const gone = alreadyDeleted > 0 ? ` (${alreadyDeleted} already deleted)` : ''
      this.note(`Dry run: ${pending.length} message(s) would be deleted${gone}; nothing was deleted.`)
      return list(pending, messageColumns, {empty: 'Nothing to delete.'})
    }

    const {summary} = result
    const gone = summary.skipped > 0 ? `, ${summary.skipped} already gone` : ''
    const failed = summary.failed > 0 ? `, ${summary.failed} failed` : ''
    const output = action(`Deleted ${summary.deleted} of your messages${gone}${failed}`, record(summary, summaryColumns))
    if (summary.failed === 0) return output
    await this.print(output)
    throw new CliError(`${summary.failed} of ${summary.matched} deletion(s) failed; run the same command again to retry them`)
  }
}

