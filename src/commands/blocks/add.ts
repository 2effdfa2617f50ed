import {userArg} from '../../core/args.js'
import {BaseCommand, quietFlag, requestDryRunFlag} from '../../core/base-command.js'
import {parseUserRef} from '../../api/ids.js'
import {resolveUserId} from '../../lib/chats/resolve.js'
import {blockOutput, refuseBlockingSelf, setBlock, stateColumns} from '../../lib/blocks/blocks.js'
import {tsvColumnsHelp} from '../../output/render.js'

export default class BlocksAdd extends BaseCommand<typeof BlocksAdd> {
  static override summary = 'Block a user: they can no longer send you direct messages.'
  static override description = 'Blocking someone already blocked changes nothing. Blocking yourself is exit 2 and sends no block.' +
    '\n\n' +
    tsvColumnsHelp(stateColumns)

  static override examples = [
    {description: 'Block a user', command: '<%= config.bin %> blocks add 81234567'},
    {description: 'Show the request only', command: '<%= config.bin %> blocks add 81234567 --dry-run'},
  ]

  static override args = {
    user: userArg,
  }

  static override flags = {
    'dry-run': requestDryRunFlag,
    quiet: quietFlag,
  }

  /** What the command asks for: BlocksRemove says false. */
  protected blocked = true

  async run() {
    const ref = parseUserRef(this.args.user, 'USER')
    if ('otherUserId' in ref) await refuseBlockingSelf(this.context, ref.otherUserId)
    const client = await this.context.client()
    const userId = await resolveUserId(client, ref)
    return blockOutput(await setBlock(client, {userId, blocked: this.blocked, dryRun: this.flags['dry-run']}), this.flags['dry-run'])
  }
}
