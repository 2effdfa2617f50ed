import * as Flags from '@oclif/core/flags'
import {userArg} from '../../core/args.js'
import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {parseUserRef} from '../../api/ids.js'
import {resolveUserId} from '../../lib/chats/resolve.js'
import {blockOutput, setBlock} from '../../lib/blocks/blocks.js'

export default class BlocksRemove extends BaseCommand<typeof BlocksRemove> {
  static override summary = 'Unblock a user.'
  static override description = 'Unblocking someone not blocked changes nothing. USER may not be yourself (exit 2).'

  static override examples = [
    {description: 'Unblock a user', command: '<%= config.bin %> blocks remove 81234567'},
    {description: 'Show the request only', command: '<%= config.bin %> blocks remove 81234567 --dry-run'},
  ]

  static override args = {
    user: userArg,
  }

  static override flags = {
    'dry-run': Flags.boolean({description: 'Show the request, and send nothing.'}),
    quiet: quietFlag,
  }

  async run() {
    const ref = parseUserRef(this.args.user, 'USER')
    const client = await this.context.client()
    const userId = await resolveUserId(client, ref)
    return blockOutput(await setBlock(client, {userId, blocked: false, dryRun: this.flags['dry-run']}), this.flags['dry-run'])
  }
}
