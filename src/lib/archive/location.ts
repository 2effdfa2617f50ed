import {join, resolve} from 'node:path'
import type {Context} from '../../core/context.js'
import type {Settings} from '../../core/settings.js'
import type {Database} from './sqlite.js'

/**
 * The archive file: `--db`, else GROUPME_ARCHIVE_DB, else $XDG_DATA_HOME/groupme/archive.db
 * (~/.local/share/groupme/archive.db when XDG_DATA_HOME is unset).
 */
export function archivePath(flag: string | undefined, settings: Pick<Settings, 'archiveDb' | 'dataHome'>): string {
  if (flag) return resolve(flag)
  if (settings.archiveDb) return resolve(settings.archiveDb)
  return join(settings.dataHome, 'groupme', 'archive.db')
}

/**
 * Open the archive (see archivePath) read-only, run `work` over it and close it, whatever `work`
 * does. SQLite is loaded here, when a command needs it, not when the CLI starts.
 */
export async function withArchive<T>(
  flag: string | undefined,
  context: Pick<Context, 'settings' | 'note'>,
  work: (db: Database, path: string) => T | Promise<T>,
): Promise<T> {
  const {openArchiveReadOnly} = await import('./schema.js')
  const path = archivePath(flag, context.settings)
  const db = await openArchiveReadOnly(path, {warn: (line) => context.note(line)})
  try {
    return await work(db, path)
  } finally {
    db.close()
  }
}
