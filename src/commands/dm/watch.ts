import {resolve as resolvePath} from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {parseChatRef} from '../../api/ids.js'
import {BaseCommand, baseFlagsRefusing, jsonlFlag} from '../../core/base-command.js'
import {parseDuration} from '../../core/durations.js'
import {UsageError} from '../../base/errors.js'
import {refuseDash} from '../../core/flags.js'
import {watch} from '../../lib/dm/watch/session.js'
import {noTsvHelp} from '../../output/render.js'

/** The longest cadence accepted. */
const WEEK_MS = 7 * 24 * 3_600_000
const WATCHES_UNTIL_STOPPED = 'it watches until stopped; test/e2e/dm-watch.test.ts runs it against the sandbox push service'

export default class DmWatch extends BaseCommand<typeof DmWatch> {
  static override summary = 'Print every new direct message the moment it arrives, over GroupMe\'s push service.'
  static override description =
    'Runs until interrupted. On a terminal each message is one readable line; in a pipe (or with --jsonl) it is one ' +
    'JSON object a line, the message as `dm list --jsonl` prints it. Give users (ids, @names or chat ids) to watch ' +
    'only their chats.\n\n' +
    'No gap, no repeat: every message printed is read over REST, after the last one printed in its chat, in id ' +
    'order. After every (re)connect the watch catches up on what push did not deliver, one /chats request every ' +
    '--reconcile finds chats whose newest message moved without an event, and a silent connection is noticed ' +
    'and replaced. When push cannot be reached for a while it says so once and checks every --poll instead.\n\n' +
    'With --state FILE it continues after a restart where it stopped: the file is replaced atomically after the ' +
    'output has been written, and locked while a watch uses it. Without it, a watch starts from now.\n\n' +
    '--exec CMD runs CMD in the shell for each message, one at a time, with its JSON on stdin; what CMD prints goes ' +
    'to stderr. A failing CMD is reported with its exit status and the watch goes on; it is not run again for that ' +
    'message. A hook can see a message twice: when the watch is killed (not interrupted with Ctrl-C) after the hook ' +
    'ran but before the state file was written, the next run with the same --state prints it and runs the hook ' +
    'again. It misses the messages that arrive while no watch runs, unless --state is used.\n\n' +
    'Exit codes: 2 bad input or a state file of another kind, 3 the token was refused (by the API or the push ' +
    'service), 6 another watch holds the state file, 130 interrupted (Ctrl-C; the state file is at the last message ' +
    'printed).' +
    '\n\n' +
    noTsvHelp('a pipe gets one JSON object a line')

  static override examples = [
    {description: 'Every new DM, as it arrives', command: '<%= config.bin %> dm watch'},
    {description: 'Only Alice and Bob, one JSON object a line', command: '<%= config.bin %> dm watch @alice 56366372 --jsonl'},
    {description: 'Likes, deletions and other events too', command: '<%= config.bin %> dm watch --events --jsonl'},
    {
      description: 'A bot: run a script for each message, continuing after restarts',
      command: '<%= config.bin %> dm watch --state ~/.local/state/groupme/bot.json --exec \'jq -r .text | ./reply.sh\'',
    },
  ]

  static override untestedExamples = {
    '<%= config.bin %> dm watch': WATCHES_UNTIL_STOPPED,
    '<%= config.bin %> dm watch @alice 56366372 --jsonl': WATCHES_UNTIL_STOPPED,
    '<%= config.bin %> dm watch --events --jsonl': WATCHES_UNTIL_STOPPED,
    "<%= config.bin %> dm watch --state ~/.local/state/groupme/bot.json --exec 'jq -r .text | ./reply.sh'": WATCHES_UNTIL_STOPPED,
  }

  // Any number of USER arguments.
  static override strict = false
  static override baseFlags = baseFlagsRefusing({header: 'it prints no columns: lines on a terminal, one JSON object a line in a pipe'})

  static override args = {
    user: Args.string({description: 'Only the chats with these users: ids, @names or chat ids (any number). Default: every chat.'}),
  }

  static override flags = {
    state: refuseDash(
      Flags.string({description: 'The state file: where the last watch stopped. Created when missing.'}),
      'the state is a file the watch reads and replaces, not stdin or stdout',
    ),
    wait: Flags.integer({description: 'Seconds to wait for another watch holding the state file, then exit 6.', default: 10, min: 0, max: 3600}),
    events: Flags.boolean({description: 'Also print what happens to messages as typed records (reaction, pin, unpin, edit, deletion, each with the message read again over REST), and typing and unknown events as they come.'}),
    exec: Flags.string({description: 'Run this shell command for each message, with its JSON on stdin.'}),
    reconcile: Flags.string({description: 'How often one /chats request looks for messages push did not announce.', default: '5m'}),
    poll: Flags.string({description: 'How often to look for new messages while push cannot be reached.', default: '15s'}),
    renew: Flags.string({description: 'How often to renew the push subscription (it goes stale in about an hour).', default: '30m', hidden: true}),
    // Short: until then nothing is polled and nothing said (docs/push.md, "Down for good").
    'give-up': Flags.string({description: 'How long push may be unreachable before the watch polls.', default: '20s', hidden: true}),
    'push-transport': Flags.string({description: 'For tests: force a push transport.', options: ['websocket', 'long-polling'], hidden: true}),
    jsonl: jsonlFlag,
  }

  async run() {
    const {flags} = this
    // One array would never be finished.
    if (flags.json) throw new UsageError('--json cannot be used with dm watch, which never ends: use --jsonl for one object a line')
    await watch(this.context, {
      chats: this.positionals.map((value) => parseChatRef(value)),
      statePath: flags.state === undefined ? undefined : resolvePath(flags.state),
      waitSeconds: flags.wait,
      events: flags.events,
      exec: flags.exec,
      // A terminal gets readable lines; a pipe, or --jsonl, one JSON object a line.
      format: this.context.outputMode(flags).format === 'table' ? 'lines' : 'jsonl',
      reconcileMs: parseDuration(flags.reconcile, '--reconcile', {maxMs: WEEK_MS}),
      pollMs: parseDuration(flags.poll, '--poll', {maxMs: WEEK_MS}),
      renewMs: parseDuration(flags.renew, '--renew', {maxMs: WEEK_MS}),
      giveUpMs: parseDuration(flags['give-up'], '--give-up', {maxMs: WEEK_MS}),
      transport: flags['push-transport'] as 'websocket' | 'long-polling' | undefined,
    })
  }
}
