import * as Flags from '@oclif/core/flags'
import {maskToken, tokenProblem} from '../../core/token.js'
import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {configPath, writeConfig} from '../../core/config.js'
import {InterruptedError, UsageError} from '../../base/errors.js'
import {action} from '../../output/action.js'
import {record, tsvColumnsHelp} from '../../output/render.js'
import {identityColumns} from '../../lib/auth/columns.js'

export default class AuthLogin extends BaseCommand<typeof AuthLogin> {
  static override summary = 'Log in: check a GroupMe token and save it.'
  static override description =
    'The token is never an argument, so it stays out of shell history and `ps`. On a terminal you are asked ' +
    'for it: paste it (nothing is shown) and press Enter. Otherwise it is read from stdin with --with-token. ' +
    'Get one at https://dev.groupme.com (Access Token). It is checked with GET /users/me, then saved in ' +
    '<config dir>/config.json with mode 0600. GROUPME_TOKEN, when set, takes precedence over the saved token.' +
    '\n\n' +
    tsvColumnsHelp(identityColumns)

  static override examples = [
    {description: 'On a terminal: paste the token when asked', command: '<%= config.bin %> auth login'},
    {description: 'From a file', command: '<%= config.bin %> auth login --with-token < ~/groupme-token.txt'},
    {description: 'From a password manager', command: 'pass show groupme | <%= config.bin %> auth login --with-token'},
  ]

  static override untestedExamples = {
    '<%= config.bin %> auth login': 'asks on a terminal; the prompt is tested in test/e2e/prompts.test.ts',
    'pass show groupme | <%= config.bin %> auth login --with-token': 'needs the pass password manager',
  }

  static override flags = {
    'with-token': Flags.boolean({description: 'Read the token from stdin (on a terminal: asked for, hidden).'}),
    quiet: quietFlag,
  }

  async run() {
    const {io} = this.context
    const token = (io.canPrompt() ? await this.askForToken() : await this.tokenFromStdin()).trim()
    if (token === '') throw new UsageError('no token on stdin: groupme auth login --with-token < token.txt')
    const problem = tokenProblem(token)
    if (problem) throw new UsageError(`the token given ${problem}; give only the token. Nothing was sent`)
    const client = await this.context.client(token)
    const user = await client.currentUser()
    await writeConfig(this.context.configDir, {token, userId: String(user.id), name: user.name})
    // Saved, but not what the next command will use while the variable is set.
    if (this.context.settings.token) this.note('warning: GROUPME_TOKEN is set and overrides the token saved here; unset GROUPME_TOKEN to use it')
    const identity = record({user, tokenSource: configPath(this.context.configDir), maskedToken: maskToken(token)}, identityColumns, {
      raw: ({user}) => user,
    })
    return action(`Logged in as ${user.name} (${user.id}); token saved to ${configPath(this.context.configDir)}`, identity)
  }

  /** On a terminal, as `gh auth login` does: asked for, hidden, ended by Enter. */
  private async askForToken(): Promise<string> {
    try {
      return await this.context.io.promptSecret('Paste your GroupMe access token (https://dev.groupme.com; it is not shown), then press Enter: ')
    } catch {
      throw new InterruptedError('no token given; nothing was saved')
    }
  }

  private async tokenFromStdin(): Promise<string> {
    if (!this.flags['with-token']) {
      throw new UsageError('pass --with-token and give the token on stdin: groupme auth login --with-token < token.txt')
    }

    return this.context.io.readStdin('the token')
  }
}
