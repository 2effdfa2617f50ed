import BlocksAdd from './add.js'
import {tsvColumnsHelp} from '../../output/render.js'
import {stateColumns} from '../../lib/blocks/blocks.js'

/** blocks add's steps the other way. */
export default class BlocksRemove extends BlocksAdd {
  static override summary = 'Unblock a user.'
  static override description = 'Unblocking someone not blocked changes nothing. USER may not be yourself (exit 2).' +
    '\n\n' +
    tsvColumnsHelp(stateColumns)

  static override examples = [
    {description: 'Unblock a user', command: '<%= config.bin %> blocks remove 81234567'},
    {description: 'Show the request only', command: '<%= config.bin %> blocks remove 81234567 --dry-run'},
  ]

  protected override blocked = false
}
