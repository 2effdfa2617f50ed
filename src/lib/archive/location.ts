import {join, resolve} from 'node:path'
import type {Context} from '../../core/context.js'
import type {LockOptions} from '../../core/lock.js'
import type {Settings} from '../../core/settings.js'
import type {CommandOutput} from '../../output/render.js'
import type {Database} from './sqlite.js'

/** The lock archive sync and dm export each take on the archive file: one writer at a time, the other exit 6 at once. */
export function archiveLockOptions(dbPath: string): LockOptions & {path: string} {
  return {path: dbPath, waitMs: 0, holder: 'another archive sync or dm export', guarding: dbPath}
}

/**
 * The archive file: `--db`, else GROUPME_ARCHIVE_DB, else $XDG_DATA_HOME/groupme/archive.db
 * (~/.local/share/groupme/archive.db when XDG_DATA_HOME is unset).
 */
export function archivePath(flag: string | undefined, settings: Pick<Settings, 'archiveDb' | 'dataHome'>): string {
  if (flag) return resolve(flag)
  if (settings.archiveDb) return resolve(settings.archiveDb)
  return join(settings.dataHome, 'groupme', 'archive.db')
}

type ArchiveContext = Pick<Context, 'settings' | 'note'>

/**
 * Open the archive (see archivePath) read-only, run `work` over it and close it, whatever `work`
 * does. SQLite is loaded here, when a command needs it, not when the CLI starts.
 */
export async function withArchive<T>(flag: string | undefined, context: ArchiveContext, work: (db: Database, path: string) => T | Promise<T>): Promise<T> {
  const {db, path} = await openReading(flag, context)
  try {
    return await work(db, path)
  } finally {
    db.close()
  }
}

/**
 * withArchive for output read from the archive while it is printed (archive sql's rows): the
 * archive stays open until the output is written, and is closed then or when `work` fails.
 */
export async function archiveOutput(flag: string | undefined, context: ArchiveContext, work: (db: Database) => CommandOutput): Promise<CommandOutput> {
  const {db} = await openReading(flag, context)
  let output: CommandOutput
  try {
    output = work(db)
  } catch (error) {
    db.close()
    throw error
  }

  return {
    paged: output.paged,
    async render(mode, streams) {
      try {
        await output.render(mode, streams)
      } finally {
        db.close()
      }
    },
  }
}

async function openReading(flag: string | undefined, context: ArchiveContext): Promise<{db: Database; path: string}> {
  const {openArchiveReadOnly} = await import('./schema.js')
  const path = archivePath(flag, context.settings)
  return {db: await openArchiveReadOnly(path, {warn: (line) => context.note(line)}), path}
}
