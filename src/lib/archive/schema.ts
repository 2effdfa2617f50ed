/**
 * Opening the archive: `meta.application` says the file is ours, so a foreign SQLite file is
 * refused instead of written into; `PRAGMA user_version` says which of the schema's versions
 * (migrations.ts) it has. An older file is upgraded in place, a newer one refused untouched.
 */
import {CliError, ExitCode} from '../../base/errors.js'
import {type ArchiveFile, type ArchivePurpose, prepareArchiveFile} from './file.js'
import {APPLICATION, MIGRATIONS, migrate, SCHEMA_VERSION, userVersion} from './migrations.js'
import {openDatabase, type Database, type OpenOptions} from './sqlite.js'

/** Every table the migrations up to `version` make: an archive of that version without one of them cannot be used. */
function tablesOf(version: number): string[] {
  return MIGRATIONS.filter((migration) => migration.version <= version).flatMap((migration) =>
    [...migration.sql.matchAll(/CREATE (?:VIRTUAL )?TABLE (\w+)/g)].map((match) => match[1]),
  )
}

/** The file is not an archive this version can use: nothing was written to it. */
export class ArchiveFileError extends CliError {
  override readonly exitCode = ExitCode.badArchive
  override readonly code = 'bad_archive'
}

/** What opening the archive may say besides failing: a looser file's warning. */
export interface ArchiveOpenOptions {
  warn?: (line: string) => void
}

/**
 * Open the archive for writing, creating it (0600, and its schema) when the file does not exist
 * and upgrading it when it has an older version (one transaction: docs/archive.md, "Schema
 * versions"). WAL: readers (search, stats) never wait for a sync, and a commit is one append.
 * synchronous NORMAL keeps every committed page through a kill -9 (only an OS crash can lose the
 * last ones).
 */
export async function openArchive(path: string, options: ArchiveOpenOptions = {}): Promise<Database> {
  const file = await preparedFile(path, 'write', options)
  const db = await openChecked(path, {})
  try {
    db.exec('PRAGMA busy_timeout = 5000')
    // A newer or foreign file is refused before anything (the journal mode included) is written.
    if (!file.fresh) checkOurs(db, path)
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    migrateOrRefuse(db, path)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Open an existing archive for reading only: search, stats, export, sql and html. It works where
 * the archive cannot be written (a read-only file system).
 */
export async function openArchiveReadOnly(path: string, options: ArchiveOpenOptions = {}): Promise<Database> {
  const file = await preparedFile(path, 'read', options)
  const db = await openChecked(path, {readOnly: true, immutable: file.immutable})
  try {
    db.exec('PRAGMA busy_timeout = 5000')
    if (checkOurs(db, path) === SCHEMA_VERSION) {
      db.exec('PRAGMA query_only = ON')
      return db
    }
  } catch (error) {
    db.close()
    throw error
  }

  // An older file is upgraded once, through the writing path, then opened again to be read.
  db.close()
  ;(await openArchive(path, options)).close()
  return openArchiveReadOnly(path)
}

/** Upgrade a file older than SCHEMA_VERSION (a new one from 0); one whose upgrade fails is refused, as it was. */
function migrateOrRefuse(db: Database, path: string): void {
  const version = userVersion(db)
  if (version === SCHEMA_VERSION) return
  try {
    migrate(db)
  } catch (error) {
    if (version === 0) throw error
    const reason = (error as Error).message?.split('\n')[0] ?? String(error)
    throw new ArchiveFileError(
      `${path} has archive schema version ${version} and could not be upgraded to version ${SCHEMA_VERSION} (SQLite says: ${reason}); it was left as it was`,
    )
  }
}

async function preparedFile(path: string, purpose: ArchivePurpose, options: ArchiveOpenOptions): Promise<ArchiveFile> {
  const file = await prepareArchiveFile(path, purpose)
  if (file === 'missing') throw new ArchiveFileError(`no archive at ${path}: run \`groupme archive sync\` first (or give --db)`)
  if (file.warning) options.warn?.(`warning: ${file.warning}`)
  return file
}

async function openChecked(path: string, options: OpenOptions): Promise<Database> {
  try {
    return await openDatabase(path, options)
  } catch (error) {
    if (error instanceof CliError) throw error
    throw notAnArchive(path, error)
  }
}

/**
 * A file SQLite cannot read, another program's database, a newer schema or a damaged one: refused,
 * untouched. Gives the file's version (SCHEMA_VERSION or older).
 */
function checkOurs(db: Database, path: string): number {
  let version: number
  let application: unknown
  let tables: Set<string>
  try {
    version = userVersion(db)
    tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => String(row.name)))
    application = tables.has('meta') ? db.prepare("SELECT value FROM meta WHERE key = 'application'").get()?.value : undefined
  } catch (error) {
    throw notAnArchive(path, error)
  }

  if (application !== APPLICATION) {
    throw new ArchiveFileError(`${path} is an SQLite database, but not a groupme archive; give another --db`)
  }

  if (version > SCHEMA_VERSION || version < 1) {
    throw new ArchiveFileError(
      `${path} has archive schema version ${version}; this groupme reads versions 1 to ${SCHEMA_VERSION}. Use the groupme that wrote it, or another --db`,
    )
  }

  const missing = tablesOf(version).filter((name) => !tables.has(name))
  if (missing.length > 0) {
    throw new ArchiveFileError(
      `${path} lacks the table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: it was damaged or changed by hand; ` +
        'sync into a new --db (the service still has the history)',
    )
  }

  return version
}

function notAnArchive(path: string, error: unknown): ArchiveFileError {
  const reason = (error as Error).message?.split('\n')[0] ?? String(error)
  return new ArchiveFileError(`${path} is not a groupme archive (SQLite says: ${reason}); give another --db`)
}
