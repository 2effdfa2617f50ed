import {BaseCommand} from '../../core/base-command.js'
import {blockColumns, listBlocks} from '../../lib/blocks/blocks.js'
import {list, tsvColumnsHelp} from '../../output/render.js'

export default class BlocksList extends BaseCommand<typeof BlocksList> {
  static override summary = 'List the users you blocked.'
  static override description = `A blocked user cannot send you direct messages. --json prints the blocks as the service sent them.\n\n${tsvColumnsHelp(blockColumns)}`

  static override examples = [
    {description: 'Who is blocked', command: '<%= config.bin %> blocks list'},
    {description: 'Their ids only', command: "<%= config.bin %> blocks list --json | jq -r '.[].blocked_user_id'"},
  ]

  async run() {
    const client = await this.context.client()
    return list(await listBlocks(client), blockColumns, {empty: 'No blocks.'})
  }
}
