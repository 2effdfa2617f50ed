import {userArg} from '../../core/args.js'
import {BaseCommand, baseFlagsRefusing} from '../../core/base-command.js'
import {parseUserRef} from '../../api/ids.js'
import {resolveUserId} from '../../lib/chats/resolve.js'
import {checkBlock} from '../../lib/blocks/blocks.js'
import {verdict, noTsvHelp} from '../../output/render.js'

export default class BlocksCheck extends BaseCommand<typeof BlocksCheck> {
  static override summary = 'Say whether a block exists between you and a user, either way.'
  static override description = 'Prints "blocked" or "not blocked"; --json prints true or false.' +
    '\n\n' +
    noTsvHelp('one line, blocked or not blocked')

  static override examples = [
    {description: 'Is Mallory blocked?', command: '<%= config.bin %> blocks check 81234567'},
    {description: 'In a script', command: 'if [ "$(<%= config.bin %> blocks check 81234567 --json)" = true ]; then echo blocked; fi'},
  ]

  static override baseFlags = baseFlagsRefusing({header: 'it prints one line, blocked or not blocked; no columns'})

  static override args = {
    user: userArg,
  }

  async run() {
    const ref = parseUserRef(this.args.user, 'USER')
    const client = await this.context.client()
    const {blocked} = await checkBlock(client, await resolveUserId(client, ref))
    return verdict(blocked ? 'blocked' : 'not blocked', blocked)
  }
}
