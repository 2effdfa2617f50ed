/**
 * The CLI's entry, bundled by scripts/bundle.js into dist/cli.cjs and loaded by src/boot.ts.
 * Commands are listed here (oclif's "explicit" strategy) so the bundle holds them all in one
 * file: one module to load instead of hundreds. got, string-width (tables) and the sandbox stay
 * behind dynamic imports, evaluated when first used.
 */
import type {Interfaces} from '@oclif/core'
import {flush} from '@oclif/core/flush'
import {run as runOclif} from '@oclif/core/run'
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
import DmDelete from './commands/dm/delete.js'
import DmExport from './commands/dm/export.js'
import DmList from './commands/dm/list.js'
import DmPurge from './commands/dm/purge.js'
import DmSend from './commands/dm/send.js'
import DmTail from './commands/dm/tail.js'
import DmWatch from './commands/dm/watch.js'
import ReceiptSend from './commands/receipt/send.js'
import Sandbox from './commands/sandbox.js'
import {IOStreams} from './core/io.js'
import {reportError, toCliError, unknownCommand} from './core/report.js'
import {readSettings} from './core/settings.js'

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
  'dm:delete': DmDelete,
  'dm:export': DmExport,
  'dm:list': DmList,
  'dm:purge': DmPurge,
  'dm:send': DmSend,
  'dm:tail': DmTail,
  'dm:watch': DmWatch,
  'receipt:send': ReceiptSend,
  sandbox: Sandbox,
}

/**
 * Run the CLI. Commands report their own errors (BaseCommand); what fails before a command
 * starts, such as an unknown command, is reported here the same way, and never echoes the
 * unknown words back.
 */
export async function run(load: Interfaces.LoadOptions, argv = process.argv.slice(2)): Promise<void> {
  const settings = readSettings()
  const io = IOStreams.system(settings)
  // A reader that goes away (`| head`) ends the run quietly, as other Unix tools do.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
  })
  try {
    await runOclif(argv, load)
    await flush()
  } catch (error) {
    process.exitCode = reportUncaught(error as UncaughtError, argv, {stderr: io.stderr, token: settings.token})
  }
}

type UncaughtError = Error & {code?: string; oclif?: {exit?: number}}

function reportUncaught(error: UncaughtError, argv: string[], {stderr, token}: {stderr: NodeJS.WritableStream; token?: string}): number {
  // BaseCommand has already reported it and chosen the exit code.
  if (error.code === 'EEXIT') return error.oclif?.exit ?? 0
  const failure = /^command \S+ not found/.test(error.message) ? unknownCommand(argv, Object.keys(COMMANDS)) : toCliError(error, undefined)
  reportError(failure, {json: argv.includes('--json'), secrets: [token], stderr})
  return failure.exitCode
}
