/** The archive a sandbox's runs fetch into by default, read from outside as a user's sqlite3 would. */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {DatabaseSync} from 'node:sqlite'
import type {Sandbox} from '../../src/sandbox/index.js'
import {dataHomeFor} from '../e2e/helpers/cli.js'

/** $XDG_DATA_HOME/groupme/archive.db of the sandbox's runs (test/e2e/helpers/cli.ts, dataHomeFor). */
export const archiveOf = (box: Sandbox) => join(dataHomeFor(box), 'groupme', 'archive.db')

/** Read the archive while a run may be writing it (WAL: a reader never waits); undefined before it holds what is asked. */
function inArchive<T>(box: Sandbox, read: (db: DatabaseSync) => T): T | undefined {
  if (!existsSync(archiveOf(box))) return undefined
  const db = new DatabaseSync(archiveOf(box), {readOnly: true})
  try {
    return read(db)
  } catch {
    return undefined
  } finally {
    db.close()
  }
}

export const archivedCount = (box: Sandbox) => Number(inArchive(box, (db) => db.prepare('SELECT count(*) AS n FROM messages').get()?.n) ?? 0)

/** The one chat's walk state (sync_state): where a walk stopped, and the archive's top. */
export const syncState = (box: Sandbox) => inArchive(box, (db) => db.prepare('SELECT top_id, walk_top, walk_cursor FROM sync_state').get()) ?? {}
