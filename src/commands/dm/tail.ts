import {resolve as resolvePath} from 'node:path'
import * as Flags from '@oclif/core/flags'
import {parseUserRef} from '../../api/ids.js'
import {userArg} from '../../core/args.js'
import {BaseCommand, jqFlag, jsonlFlag} from '../../core/base-command.js'
import {UsageError} from '../../base/errors.js'
import {refuseDash} from '../../core/flags.js'
import {messageColumns, messageFields} from '../../lib/dm/columns.js'
import {jsonFieldsHelp} from '../../output/fields.js'
import {tail} from '../../lib/dm/tail/session.js'
import {type CommandOutput, feed, tsvColumnsHelp} from '../../output/render.js'

export default class DmTail extends BaseCommand<typeof DmTail> {
  static override summary = 'Print the messages that arrived since the last run, oldest first (for cron).'
  static override description =
    'The position is kept in the --state file: the id of the newest message printed and whose conversation it is. ' +
    'Without a state file the last --limit messages are printed (or, with --init, none: the position is only recorded). ' +
    'Every new message is printed, however many arrived, with no gap. The state file is replaced atomically, only ' +
    'after the output has been written, and is locked while a run uses it: a second run waits up to --wait seconds, ' +
    'then gives up with exit 6. With --follow it keeps polling until interrupted; Ctrl-C (exit 130) leaves the ' +
    'state file at the last message printed.\n\n' +
    'Exit codes: 0 done (also when nothing is new), 2 bad input or a state file of another conversation, ' +
    '6 another run holds the state file, 7 nothing new (only with --exit-status), 130 interrupted.\n\n' +
    jsonFieldsHelp(messageFields) +
    '\n\n' +
    tsvColumnsHelp(messageColumns)

  static override jsonFields = messageFields

  static override examples = [
    {description: 'What Alice wrote since the last run', command: '<%= config.bin %> dm tail 118825642 --state ~/.local/state/groupme/alice.json'},
    {
      description: 'Crontab line: every 5 minutes, append what is new to a log (one JSON object a line)',
      command: '*/5 * * * * <%= config.bin %> dm tail 118825642 --state $HOME/.local/state/groupme/alice.json --jsonl >> $HOME/alice.jsonl',
    },
    {description: 'Start from now: record the position, print nothing', command: '<%= config.bin %> dm tail @Bob --state bob.json --init'},
    {description: 'In a script: exit 7 when nothing is new', command: '<%= config.bin %> dm tail 118825642 --state alice.json --exit-status > new.txt || { [ $? -eq 7 ] && echo "nothing new"; }'},
    {description: 'Keep watching, polling every 30 seconds, like tail -f', command: '<%= config.bin %> dm tail 118825642 --state alice.json --follow --interval 30'},
  ]

  static override args = {
    user: userArg,
  }

  static override untestedExamples = {
    '<%= config.bin %> dm tail 118825642 --state alice.json --follow --interval 30': 'runs until interrupted; --follow is tested in test/commands/dm/tail.test.ts',
  }

  static override flags = {
    state: refuseDash(
      Flags.string({description: 'The state file: where the last run stopped. Created when missing.', required: true}),
      'the position is kept in a file that each run reads and replaces; give its path',
    ),
    limit: Flags.integer({description: 'Without a state file, how many of the latest messages to print.', default: 20, min: 1, max: 1_000_000}),
    init: Flags.boolean({description: 'Record the current position and print nothing.'}),
    'exit-status': Flags.boolean({description: 'Exit 7 when nothing is new.', exclusive: ['follow']}),
    follow: Flags.boolean({char: 'f', description: 'Keep polling for new messages until interrupted.'}),
    interval: Flags.integer({description: 'Seconds between polls with --follow.', default: 10, min: 1, max: 86_400}),
    wait: Flags.integer({description: 'Seconds to wait for another run holding the state file, then exit 6.', default: 10, min: 0, max: 3600}),
    jsonl: jsonlFlag,
    jq: jqFlag,
  }

  async run() {
    const {flags} = this
    const user = parseUserRef(this.args.user, 'USER')
    // One JSON array per poll would not be one JSON document.
    if (flags.follow && flags.json) throw new UsageError('--json cannot be combined with --follow: use --jsonl for one object a line')
    const request = {
      user,
      statePath: resolvePath(flags.state),
      limit: flags.limit,
      init: flags.init,
      exitStatus: flags['exit-status'],
      follow: flags.follow,
      intervalSeconds: flags.interval,
      waitSeconds: flags.wait,
    }
    // On a terminal each new message is one line of a table whose widths the first batch fixed; no redraw.
    const lines = feed(messageColumns, {empty: 'No new messages.'})
    await tail(this.context, request, (batch) => this.emit(lines(batch)))
  }

  /** Print a batch and wait until it has left the process: only then may the state move past it. */
  private async emit(batch: CommandOutput): Promise<void> {
    await this.print(batch)
    await this.context.io.flushed()
  }
}
