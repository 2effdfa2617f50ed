/**
 * Every command, by oclif id (oclif's "explicit" strategy: src/cli.ts exports this map as
 * COMMANDS). Imported as it is by the tests and `bin/dev.js`; in the bundle, scripts/bundle.js
 * puts a map in its place whose entries load their command's module when first read, so a run
 * evaluates only the command it runs (docs/decisions/0003-commands-loaded-when-first-read.md).
 */
import Api from './commands/api.js'
import ArchiveExport from './commands/archive/export.js'
import ArchiveHtml from './commands/archive/html.js'
import ArchiveSearch from './commands/archive/search.js'
import ArchiveSql from './commands/archive/sql.js'
import ArchiveStats from './commands/archive/stats.js'
import ArchiveSync from './commands/archive/sync.js'
import AuthLogin from './commands/auth/login.js'
import AuthLogout from './commands/auth/logout.js'
import AuthStatus from './commands/auth/status.js'
import ChatsList from './commands/chats/list.js'
import ChatsShow from './commands/chats/show.js'
import Completion from './commands/completion.js'
import DmDelete from './commands/dm/delete.js'
import DmExport from './commands/dm/export.js'
import DmList from './commands/dm/list.js'
import DmPurge from './commands/dm/purge.js'
import DmSend from './commands/dm/send.js'
import DmTail from './commands/dm/tail.js'
import DmWatch from './commands/dm/watch.js'
import Mcp from './commands/mcp.js'
import McpConfig from './commands/mcp/config.js'
import ReceiptSend from './commands/receipt/send.js'
import BlocksAdd from './commands/blocks/add.js'
import BlocksCheck from './commands/blocks/check.js'
import BlocksList from './commands/blocks/list.js'
import BlocksRemove from './commands/blocks/remove.js'
import ChatsDelete from './commands/chats/delete.js'
import DmPin from './commands/dm/pin.js'
import DmPins from './commands/dm/pins.js'
import DmReact from './commands/dm/react.js'
import DmUnpin from './commands/dm/unpin.js'
import DmUnreact from './commands/dm/unreact.js'
import Sandbox from './commands/sandbox.js'

export const COMMANDS = {
  api: Api,
  'archive:export': ArchiveExport,
  'archive:html': ArchiveHtml,
  'archive:search': ArchiveSearch,
  'archive:sql': ArchiveSql,
  'archive:stats': ArchiveStats,
  'archive:sync': ArchiveSync,
  'auth:login': AuthLogin,
  'auth:logout': AuthLogout,
  'auth:status': AuthStatus,
  'chats:list': ChatsList,
  'chats:show': ChatsShow,
  completion: Completion,
  'dm:delete': DmDelete,
  'dm:export': DmExport,
  'dm:list': DmList,
  'dm:purge': DmPurge,
  'dm:send': DmSend,
  'dm:tail': DmTail,
  'dm:watch': DmWatch,
  mcp: Mcp,
  'mcp:config': McpConfig,
  'receipt:send': ReceiptSend,
  'blocks:add': BlocksAdd,
  'blocks:check': BlocksCheck,
  'blocks:list': BlocksList,
  'blocks:remove': BlocksRemove,
  'chats:delete': ChatsDelete,
  'dm:pin': DmPin,
  'dm:pins': DmPins,
  'dm:react': DmReact,
  'dm:unpin': DmUnpin,
  'dm:unreact': DmUnreact,
  sandbox: Sandbox,
}
