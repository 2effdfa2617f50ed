import {baseFlagsRefusing} from '../core/base-command.js'
import {McpCommand} from '../lib/mcp/command.js'
import {parseAllowSend} from '../lib/mcp/options.js'
import {noTsvHelp} from '../output/render.js'

/** Why --json and --header do not apply. */
const PROTOCOL_ONLY = 'stdout carries the MCP protocol (JSON-RPC) and nothing else'

export default class Mcp extends McpCommand<typeof Mcp> {
  static override summary = 'Serve your DMs and your archive to an AI assistant (MCP over stdio), read-only unless --allow-send.'
  static override description =
    'Runs a Model Context Protocol server on stdin and stdout for hosts such as Claude, VS Code, Cursor and Codex ' +
    '(`groupme mcp config HOST` prints the snippet that registers it). Read tools: list_chats, read_messages, list_pins ' +
    '(from the service), search_messages, chat_stats and get_message (from the archive: run `groupme archive sync` first). ' +
    'With --allow-send, send_message and react too, for every chat or only those listed; when the host can ask, each one ' +
    'asks the user to confirm the recipient and the text (--yes skips that). stdout carries protocol messages only; ' +
    'notes and --debug lines go to stderr, never with the token.' +
    '\n\n' +
    noTsvHelp('stdout carries the MCP protocol (JSON-RPC)')

  static override examples = [
    {description: 'Read-only: what a host runs', command: '<%= config.bin %> mcp'},
    {description: 'Let the assistant write to Alice and Bob only', command: '<%= config.bin %> mcp --allow-send @Alice,@Bob'},
    {description: 'Let it write to any chat, without asking each time', command: '<%= config.bin %> mcp --allow-send --yes'},
  ]

  static override untestedExamples = {
    '<%= config.bin %> mcp': 'a server that runs until its host closes stdin; test/e2e/mcp.test.ts drives it with the SDK client',
    '<%= config.bin %> mcp --allow-send @Alice,@Bob': 'a server that runs until its host closes stdin; test/e2e/mcp.test.ts drives it with the SDK client',
    '<%= config.bin %> mcp --allow-send --yes': 'a server that runs until its host closes stdin; test/e2e/mcp.test.ts drives it with the SDK client',
  }

  static override baseFlags = baseFlagsRefusing({json: PROTOCOL_ONLY, header: PROTOCOL_ONLY})

  async run() {
    const allowSend = parseAllowSend(this.flags['allow-send'])
    if (this.context.io.stdinIsTTY) this.note('groupme mcp: serving MCP on stdin and stdout for an AI assistant to start (see `groupme mcp config`); Ctrl-D ends it')
    const {serveMcp} = await import('../lib/mcp/server.js')
    await serveMcp(this.context, {db: this.flags.db, allowSend, yes: this.flags.yes, version: this.config.version})
  }
}
