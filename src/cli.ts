/**
 * The CLI's entry, bundled by scripts/bundle.js into dist/cli.js. Commands are listed here
 * (oclif's "explicit" strategy) so the bundle holds them all in one file: one module to load
 * instead of hundreds. got, chalk, cli-table3 and the sandbox stay behind dynamic imports.
 */
import {execute} from '@oclif/core/execute'
import AuthLogin from './commands/auth/login.js'
import AuthLogout from './commands/auth/logout.js'
import AuthStatus from './commands/auth/status.js'
import ChatsList from './commands/chats/list.js'
import ChatsShow from './commands/chats/show.js'
import DmDelete from './commands/dm/delete.js'
import DmExport from './commands/dm/export.js'
import DmList from './commands/dm/list.js'
import DmPurge from './commands/dm/purge.js'
import DmSend from './commands/dm/send.js'
import DmTail from './commands/dm/tail.js'
import ReceiptSend from './commands/receipt/send.js'
import Sandbox from './commands/sandbox.js'

export const COMMANDS = {
  'auth:login': AuthLogin,
  'auth:logout': AuthLogout,
  'auth:status': AuthStatus,
  'chats:list': ChatsList,
  'chats:show': ChatsShow,
  'dm:delete': DmDelete,
  'dm:export': DmExport,
  'dm:list': DmList,
  'dm:purge': DmPurge,
  'dm:send': DmSend,
  'dm:tail': DmTail,
  'receipt:send': ReceiptSend,
  sandbox: Sandbox,
}

export async function run(binUrl: string): Promise<void> {
  await execute({dir: binUrl})
}
