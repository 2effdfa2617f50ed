import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

/**
 * The archive file: `--db`, else GROUPME_ARCHIVE_DB, else $XDG_DATA_HOME/groupme/archive.db
 * (~/.local/share/groupme/archive.db when XDG_DATA_HOME is unset).
 */
export function archivePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  if (env.GROUPME_ARCHIVE_DB) return resolve(env.GROUPME_ARCHIVE_DB)
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share')
  return join(dataHome, 'groupme', 'archive.db')
}
