import {BaseCommand, quietFlag} from '../../core/base-command.js'
import {action} from '../../output/action.js'
import {configPath, removeConfig} from '../../core/config.js'
import {type Column, record, tsvColumnsHelp} from '../../output/render.js'

interface Logout {
  removed: boolean
  config: string
}

const logoutColumns: Column<Logout>[] = [
  {header: 'removed', value: ({removed}) => String(removed)},
  {header: 'config', value: ({config}) => config},
]

export default class AuthLogout extends BaseCommand<typeof AuthLogout> {
  static override summary = 'Log out: remove the saved token.'
  static override description = tsvColumnsHelp(logoutColumns)
  static override examples = [{description: 'Forget the saved token', command: '<%= config.bin %> auth logout'}]

  static override flags = {quiet: quietFlag}

  async run() {
    const removed = await removeConfig(this.context.configDir)
    const config = configPath(this.context.configDir)
    if (this.context.settings.token) this.note('GROUPME_TOKEN is still set in your environment: unset it too.')
    return action(removed ? `Logged out: removed ${config}` : `Not logged in: there is no ${config}`, record<Logout>({removed, config}, logoutColumns))
  }
}
