import * as Flags from '@oclif/core/flags'
import {maskToken, tokenProblem} from '../../core/token.js'
import {BaseCommand} from '../../core/base-command.js'
import {configPath, writeConfig} from '../../core/config.js'
import {UsageError} from '../../core/errors.js'
import {record} from '../../output/render.js'
import {identityColumns} from '../../lib/auth/columns.js'

export default class AuthLogin extends BaseCommand<typeof AuthLogin> {
  static override summary = 'Log in: check a GroupMe token and save it.'
  static override description =
    'The token is read from stdin, never from an argument, so it stays out of shell history and `ps`. ' +
    'Get one at https://dev.groupme.com (Access Token). It is checked with GET /users/me, then saved in ' +
    '<config dir>/config.json with mode 0600. GROUPME_TOKEN, when set, takes precedence over the saved token.'

  static override examples = [
    {description: 'From a file', command: '<%= config.bin %> auth login --with-token < ~/groupme-token.txt'},
    {description: 'From a password manager', command: 'pass show groupme | <%= config.bin %> auth login --with-token'},
  ]

  static override flags = {
    'with-token': Flags.boolean({description: 'Read the token from stdin.'}),
  }

  async run() {
    if (!this.flags['with-token']) {
      throw new UsageError('pass --with-token and give the token on stdin: groupme auth login --with-token < token.txt')
    }

    if (this.context.io.stdinIsTTY) {
      this.note('Paste your token, then press Ctrl-D:')
    }

    const token = (await this.context.io.readStdin('the token')).trim()
    if (token === '') throw new UsageError('no token on stdin: groupme auth login --with-token < token.txt')
    const problem = tokenProblem(token)
    if (problem) throw new UsageError(`the token on stdin ${problem}; give only the token. Nothing was sent`)
    const client = await this.context.client(token)
    const user = await client.currentUser()
    await writeConfig(this.context.configDir, {token, userId: String(user.id), name: user.name})
    this.note(`Logged in as ${user.name} (${user.id}); token saved to ${configPath(this.context.configDir)}`)
    return record({user, tokenSource: configPath(this.context.configDir), maskedToken: maskToken(token)}, identityColumns, {
      raw: ({user}) => user,
    })
  }
}
