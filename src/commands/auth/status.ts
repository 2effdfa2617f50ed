import {maskToken} from '../../core/token.js'
import {BaseCommand, jqFlag} from '../../core/base-command.js'
import {jsonFieldsHelp} from '../../output/fields.js'
import {record, tsvColumnsHelp} from '../../output/render.js'
import {identityColumns, identityFields} from '../../lib/auth/columns.js'

export default class AuthStatus extends BaseCommand<typeof AuthStatus> {
  static override summary = 'Show who you are logged in as, and where the token comes from.'
  static override description = `${jsonFieldsHelp(identityFields)}\n\n${tsvColumnsHelp(identityColumns)}`
  static override jsonFields = identityFields
  static override flags = {
    jq: jqFlag,
  }

  static override examples = [
    {description: 'Check the login', command: '<%= config.bin %> auth status'},
    {description: 'Your user id, for scripts', command: "<%= config.bin %> auth status --json | jq -r .user.id"},
    {description: 'The same, with the built-in jq', command: '<%= config.bin %> auth status --jq .user.id'},
  ]

  async run() {
    const {token, origin} = await this.context.storedToken()
    const client = await this.context.client()
    const user = await client.currentUser()
    return record({user, tokenSource: origin, maskedToken: maskToken(token)}, identityColumns, {
      raw: ({user, tokenSource, maskedToken}) => ({user, token_source: tokenSource, token: maskedToken}),
    })
  }
}
