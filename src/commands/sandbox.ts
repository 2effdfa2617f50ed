import * as Flags from '@oclif/core/flags'
import {BaseCommand, baseFlagsRefusing} from '../core/base-command.js'
import {linesOrDocument, noTsvHelp} from '../output/render.js'

export default class Sandbox extends BaseCommand<typeof Sandbox> {
  static override summary = 'Run a local GroupMe sandbox: an in-memory copy of the DM API, for trying things safely.'
  static override description =
    'Starts in the foreground and prints the `export GROUPME_…` lines that point the CLI at it (token included; it ' +
    'is a sandbox token). Stop it with Ctrl-C. The sandbox holds a few users and chats with realistic messages, ' +
    'and serves the push service at /faye (GROUPME_PUSH_URL) for `dm watch`. With --json, one JSON object instead ' +
    '(url, user_id, and env: the same variables), for a script to read with jq. Either is printed once the sandbox ' +
    'answers, and nothing more: stdout stays open and quiet until the sandbox stops.' +
    '\n\n' +
    noTsvHelp('it prints the export lines for a shell, or one JSON object with --json')

  static override examples = [
    {description: 'Start it, then point this shell at it from another terminal', command: '<%= config.bin %> sandbox --port 8787'},
    {description: 'In one shell: run it in the background and source its settings', command: '<%= config.bin %> sandbox --port 8787 > /tmp/groupme-sandbox.env & sleep 1; . /tmp/groupme-sandbox.env; <%= config.bin %> chats list'},
    {description: 'For a script: its address and settings as one JSON object', command: '<%= config.bin %> sandbox --json'},
    {description: 'With a 20,000-message conversation for benchmarks', command: '<%= config.bin %> sandbox --messages 20000'},
    {description: '100 chats of 200 messages, 200 ms a request, 429 past 10 a second', command: '<%= config.bin %> sandbox --chats 100 --messages 200 --latency 200 --max-rps 10'},
    {description: 'Someone writes to you every 5 seconds (watch it arrive with `dm watch`)', command: '<%= config.bin %> sandbox --chatter 5'},
  ]

  static override untestedExamples = {
    '<%= config.bin %> sandbox --port 8787': 'a server that runs until stopped, on a fixed port; the tests start sandboxes on free ports',
    '<%= config.bin %> sandbox --port 8787 > /tmp/groupme-sandbox.env & sleep 1; . /tmp/groupme-sandbox.env; <%= config.bin %> chats list': 'leaves a server running on a fixed port',
    '<%= config.bin %> sandbox --json': 'a server that runs until stopped; test/e2e/sandbox.test.ts reads its object and stops it',
    '<%= config.bin %> sandbox --messages 20000': 'a server that runs until stopped',
    '<%= config.bin %> sandbox --chats 100 --messages 200 --latency 200 --max-rps 10': 'a server that runs until stopped',
    '<%= config.bin %> sandbox --chatter 5': 'a server that runs until stopped',
  }

  static override baseFlags = baseFlagsRefusing({header: 'it prints no columns: export lines for a shell, or one JSON object with --json'})

  static override flags = {
    json: Flags.boolean({description: 'Print the address and the settings as one JSON object: url, user_id, env.', helpGroup: 'OUTPUT'}),
    port: Flags.integer({description: 'Port to listen on (127.0.0.1). [default: any free port]', min: 0, max: 65_535, default: 0}),
    messages: Flags.integer({
      description: 'Also generate one conversation of N messages with user 200000001; with --chats, N messages in each generated chat (at most 1,000,000 in all; the sandbox checks).',
      min: 0,
      default: 0,
    }),
    chats: Flags.integer({description: 'Also generate N chats (users 300000001, 300000002, ...) of --messages messages each.', min: 0, default: 0}),
    latency: Flags.integer({description: 'Milliseconds every answer waits, like a real network.', min: 0, default: 0}),
    'max-rps': Flags.integer({description: 'Answer 429 past this many requests in one second, like the service. [default: no limit]', min: 0, default: 0}),
    chatter: Flags.integer({description: 'Every N seconds, Alice, Bob or Carol writes to you (for trying `dm watch`).', min: 1}),
  }

  async run() {
    const {shellExports, startChatter, startSandbox} = await import('../sandbox/index.js')
    const {flags} = this
    const sandbox = await startSandbox({
      port: flags.port,
      ...(flags.chats > 0 ? {chats: flags.chats, messagesPerChat: flags.messages} : {messages: flags.messages}),
      latencyMs: flags.latency,
      maxRequestsPerSecond: flags['max-rps'],
    })
    const stopChatter = flags.chatter === undefined ? undefined : startChatter(sandbox.store, flags.chatter)
    await this.print(linesOrDocument(shellExports(sandbox.env), {url: sandbox.url, user_id: sandbox.meId, env: sandbox.env}))
    this.note(`GroupMe sandbox listening on ${sandbox.url} (you are user ${sandbox.meId}); Ctrl-C stops it`)
    this.note(`To go back to the real service: unset ${Object.keys(sandbox.env).join(' ')}`)
    await new Promise<void>((resolve) => {
      const stop = this.context.signals.onInterrupt(() => {
        stop()
        resolve()
      })
    })
    stopChatter?.()
    await sandbox.close()
  }
}
