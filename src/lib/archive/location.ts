import {join, resolve} from 'node:path'
import type {Settings} from '../../core/settings.js'

/**
 * The archive file: `--db`, else GROUPME_ARCHIVE_DB, else $XDG_DATA_HOME/groupme/archive.db
 * (~/.local/share/groupme/archive.db when XDG_DATA_HOME is unset).
 */
export function archivePath(flag: string | undefined, settings: Pick<Settings, 'archiveDb' | 'dataHome'>): string {
  if (flag) return resolve(flag)
  if (settings.archiveDb) return resolve(settings.archiveDb)
  return join(settings.dataHome, 'groupme', 'archive.db')
}
