import * as Args from '@oclif/core/args'
import {join, resolve} from 'node:path'
import {MCP_HOSTS, registration} from '../../lib/mcp/config.js'
import {baseFlagsRefusing} from '../../core/base-command.js'
import {McpCommand} from '../../lib/mcp/command.js'
import {parseAllowSend} from '../../lib/mcp/options.js'
import {lines, noTsvHelp} from '../../output/render.js'

export default class McpConfig extends McpCommand<typeof McpConfig> {
  static override summary = 'Print the snippet that registers `groupme mcp` with an AI assistant.'
  static override description =
    'The snippet runs this CLI by its absolute path with the Node that runs it now, so the host needs no PATH. ' +
    'It holds no token: the server uses the one `groupme auth login` stored. --db and --allow-send are passed on to ' +
    '`groupme mcp`. Where the snippet goes is said on stderr.' +
    '\n\n' +
    noTsvHelp('it prints the configuration snippet')

  static override examples = [
    {description: 'Claude Desktop or Claude Code, read-only', command: '<%= config.bin %> mcp config claude'},
    {description: 'VS Code, allowed to write to Alice', command: '<%= config.bin %> mcp config vscode --allow-send @Alice'},
    {description: 'Codex, with another archive', command: '<%= config.bin %> mcp config codex --db ~/groupme.db'},
  ]

  static override baseFlags = baseFlagsRefusing({
    json: 'the snippet is printed as the host\'s configuration takes it (JSON for claude, vscode and cursor; TOML for codex)',
    header: 'it prints the configuration snippet, no columns',
  })

  static override args = {
    host: Args.string({description: 'The assistant.', options: [...MCP_HOSTS], default: 'claude'}),
  }

  async run() {
    const {flags} = this
    const allowSend = parseAllowSend(flags['allow-send'])
    const args = [
      ...(flags.db ? ['--db', resolve(flags.db)] : []),
      ...(allowSend === undefined ? [] : allowSend === 'all' ? ['--allow-send'] : ['--allow-send', allowSend.join(',')]),
      ...(flags.yes ? ['--yes'] : []),
    ]
    const {text, where} = registration(this.args.host as (typeof MCP_HOSTS)[number], join(this.config.root, 'bin', 'run.cjs'), args)
    this.note(where)
    return lines([text])
  }
}
