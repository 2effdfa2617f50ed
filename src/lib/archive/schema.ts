/**
 * The archive's schema, documented table by table in docs/archive.md (keep the two in step).
 * `PRAGMA user_version` holds SCHEMA_VERSION; `meta.application` says the file is ours, so a
 * foreign SQLite file is refused instead of written into.
 */
import {CliError, ExitCode} from '../../base/errors.js'
import {type ArchiveFile, type ArchivePurpose, prepareArchiveFile} from './file.js'
import {openDatabase, type Database, type OpenOptions} from './sqlite.js'

export const SCHEMA_VERSION = 1
export const APPLICATION = 'groupme-archive'

const SCHEMA = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);

CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT,
  avatar_url TEXT,
  is_me      INTEGER NOT NULL DEFAULT 0,
  seen_at    INTEGER NOT NULL
);

CREATE TABLE chats (
  id              TEXT PRIMARY KEY,
  other_user_id   TEXT NOT NULL,
  other_user_name TEXT,
  created_at      INTEGER,
  updated_at      INTEGER,
  messages_count  INTEGER,
  last_message_id TEXT,
  raw             TEXT NOT NULL
);

CREATE TABLE messages (
  id              TEXT PRIMARY KEY,
  num             INTEGER NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  sender_id       TEXT,
  user_id         TEXT,
  sender_type     TEXT,
  name            TEXT,
  text            TEXT,
  attachments     TEXT NOT NULL DEFAULT '[]',
  favorited_by    TEXT NOT NULL DEFAULT '[]',
  reactions       TEXT NOT NULL DEFAULT '[]',
  deleted_at      INTEGER,
  deletion_actor  TEXT,
  updated_at      INTEGER,
  raw             TEXT NOT NULL,
  archived_at     INTEGER NOT NULL,
  changed_at      INTEGER
);
CREATE INDEX messages_by_chat ON messages (conversation_id, num);
CREATE INDEX messages_by_time ON messages (created_at);

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  text,
  content = 'messages',
  content_rowid = 'num',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, text) VALUES (new.num, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.num, old.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.num, old.text);
  INSERT INTO messages_fts (rowid, text) VALUES (new.num, new.text);
END;

CREATE TABLE media (
  sha256       TEXT PRIMARY KEY,
  path         TEXT NOT NULL,
  content_type TEXT,
  bytes        INTEGER NOT NULL,
  saved_at     INTEGER NOT NULL
);

CREATE TABLE message_media (
  message_id       TEXT NOT NULL,
  attachment_index INTEGER NOT NULL,
  url              TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending',
  sha256           TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  error            TEXT,
  PRIMARY KEY (message_id, attachment_index)
);
CREATE INDEX message_media_by_status ON message_media (status);

CREATE TABLE sync_state (
  conversation_id  TEXT PRIMARY KEY,
  top_id           TEXT,
  history_complete INTEGER NOT NULL DEFAULT 0,
  walk_top         TEXT,
  walk_cursor      TEXT,
  walk_down_to     TEXT,
  service_count    INTEGER,
  verified         INTEGER,
  synced_at        INTEGER
);

CREATE TABLE sync_runs (
  id          INTEGER PRIMARY KEY,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  status      TEXT NOT NULL DEFAULT 'running',
  summary     TEXT
);
`

/** Every table the schema makes: an archive without one of them cannot be used. */
const SCHEMA_TABLES = [...SCHEMA.matchAll(/CREATE (?:VIRTUAL )?TABLE (\w+)/g)].map((match) => match[1])

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
 * Open the archive for writing, creating it (0600, and its schema) when the file does not exist.
 * WAL: readers (search, stats) never wait for a sync, and a commit is one append. synchronous
 * NORMAL keeps every committed page through a kill -9 (only an OS crash can lose the last ones).
 */
export async function openArchive(path: string, options: ArchiveOpenOptions = {}): Promise<Database> {
  const file = await preparedFile(path, 'write', options)
  const db = await openChecked(path, {})
  try {
    db.exec('PRAGMA busy_timeout = 5000')
    if (file.fresh) {
      db.exec('PRAGMA journal_mode = WAL')
      db.transaction(() => {
        db.exec(SCHEMA)
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('application', APPLICATION)
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`)
      })
    } else {
      checkOurs(db, path)
      db.exec('PRAGMA journal_mode = WAL')
    }

    db.exec('PRAGMA synchronous = NORMAL')
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
    checkOurs(db, path)
    db.exec('PRAGMA query_only = ON')
    return db
  } catch (error) {
    db.close()
    throw error
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

/** A file SQLite cannot read, another program's database, or a newer schema: refused, untouched. */
function checkOurs(db: Database, path: string): void {
  let version: number
  let application: unknown
  let tables: Set<string>
  try {
    version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0)
    tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => String(row.name)))
    application = tables.has('meta') ? db.prepare("SELECT value FROM meta WHERE key = 'application'").get()?.value : undefined
  } catch (error) {
    throw notAnArchive(path, error)
  }

  if (application !== APPLICATION) {
    throw new ArchiveFileError(`${path} is an SQLite database, but not a groupme archive; give another --db`)
  }

  if (version !== SCHEMA_VERSION) {
    throw new ArchiveFileError(
      `${path} has archive schema version ${version}; this groupme reads version ${SCHEMA_VERSION}. Use the groupme that wrote it, or another --db`,
    )
  }

  const missing = SCHEMA_TABLES.filter((name) => !tables.has(name))
  if (missing.length > 0) {
    throw new ArchiveFileError(
      `${path} lacks the table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: it was damaged or changed by hand; ` +
        'sync into a new --db (the service still has the history)',
    )
  }
}

function notAnArchive(path: string, error: unknown): ArchiveFileError {
  const reason = (error as Error).message?.split('\n')[0] ?? String(error)
  return new ArchiveFileError(`${path} is not a groupme archive (SQLite says: ${reason}); give another --db`)
}
