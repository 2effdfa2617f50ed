/**
 * The archive's schema as numbered migrations: version N is what migrations 1..N made, and
 * `PRAGMA user_version` says which version a file has. A new version is one more entry at the end
 * of MIGRATIONS, never an edit of an earlier one (files of that version exist). docs/archive.md,
 * "Schema versions"; keep the tables there in step.
 */
import type {Database} from './sqlite.js'

export interface Migration {
  /** The version a file has once this migration ran: 1, 2, 3… in order. */
  version: number
  /** What it adds, for the reader of this list. */
  summary: string
  sql: string
}

export const APPLICATION = 'groupme-archive'

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'users, chats, messages (with their FTS5 index), media, sync state and runs',
    sql: `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);
INSERT INTO meta (key, value) VALUES ('application', '${APPLICATION}');

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
`,
  },
  {
    version: 2,
    summary: 'exports: the file each dm export last wrote from the archive, to tell it from a file something else changed',
    sql: `
CREATE TABLE exports (
  path            TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  messages        INTEGER NOT NULL,
  bytes           INTEGER NOT NULL,
  sha256          TEXT NOT NULL,
  written_at      INTEGER NOT NULL
);
`,
  },
  {
    version: 3,
    summary: 'reactions (one row per user per message), pinned_at/pinned_by on messages, message_revisions (the text before an edit)',
    sql: `
ALTER TABLE messages ADD COLUMN pinned_at INTEGER;
ALTER TABLE messages ADD COLUMN pinned_by TEXT;
UPDATE messages SET pinned_at = json_extract(raw, '$.pinned_at'), pinned_by = nullif(json_extract(raw, '$.pinned_by'), '')
  WHERE json_type(raw, '$.pinned_at') IN ('integer', 'real');
CREATE INDEX messages_pinned ON messages (pinned_at) WHERE pinned_at IS NOT NULL;

CREATE TABLE reactions (
  message_id TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  code       TEXT,
  pack_id    INTEGER,
  pack_index INTEGER,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX reactions_by_user ON reactions (user_id);
INSERT OR IGNORE INTO reactions (message_id, user_id, type, code, pack_id, pack_index)
  SELECT m.id, CAST(u.value AS TEXT), coalesce(json_extract(r.value, '$.type'), 'unicode'), nullif(json_extract(r.value, '$.code'), ''),
    json_extract(r.value, '$.pack_id'), json_extract(r.value, '$.pack_index')
  FROM messages AS m, json_each(m.reactions) AS r, json_each(json_extract(r.value, '$.user_ids')) AS u;
INSERT OR IGNORE INTO reactions (message_id, user_id, type)
  SELECT m.id, CAST(f.value AS TEXT), 'like' FROM messages AS m, json_each(m.favorited_by) AS f;

CREATE TABLE message_revisions (
  message_id  TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  text        TEXT,
  attachments TEXT NOT NULL DEFAULT '[]',
  updated_at  INTEGER,
  replaced_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, revision)
);
`,
  },
  {
    version: 4,
    summary: "avatars: each user picture `archive sync --media` fetched, by URL; the bytes are in media, content-addressed like the images",
    sql: `
CREATE TABLE avatars (
  url      TEXT PRIMARY KEY,
  status   TEXT NOT NULL DEFAULT 'pending',
  sha256   TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  error    TEXT
);
`,
  },
  {
    version: 5,
    summary: 'sync_state.cleared_through: a chat whose history was cleared on the service keeps what was archived',
    sql: `
ALTER TABLE sync_state ADD COLUMN cleared_through TEXT;
`,
  },
  {
    version: 6,
    summary: 'message_media also lists videos and files (kind, file_name), filled from the messages already archived',
    sql: `
ALTER TABLE message_media ADD COLUMN kind TEXT NOT NULL DEFAULT 'image';
ALTER TABLE message_media ADD COLUMN file_name TEXT;
INSERT OR IGNORE INTO message_media (message_id, attachment_index, url, kind)
  SELECT m.id, a.key, json_extract(a.value, '$.url'), 'video' FROM messages AS m, json_each(m.attachments) AS a
  WHERE json_extract(a.value, '$.type') = 'video' AND json_type(a.value, '$.url') = 'text';
INSERT OR IGNORE INTO message_media (message_id, attachment_index, url, kind)
  SELECT m.id, a.key, json_extract(a.value, '$.file_id'), 'file' FROM messages AS m, json_each(m.attachments) AS a
  WHERE json_extract(a.value, '$.type') = 'file' AND json_type(a.value, '$.file_id') = 'text';
`,
  },
]

/** The version this groupme reads and writes: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version

/**
 * Bring a file at version `from` (0: a new, empty file) to `to`, in one transaction: a kill or a
 * failing statement leaves the file at `from`, as it was. The version is read again under the
 * write lock, so two runs that open an old file at once upgrade it once.
 */
export function migrate(db: Database, to: number = SCHEMA_VERSION): number {
  return db.transaction(() => {
    const from = userVersion(db)
    for (const migration of MIGRATIONS) {
      if (migration.version > from && migration.version <= to) db.exec(migration.sql)
    }

    if (to > from) db.exec(`PRAGMA user_version = ${to}`)
    return Math.max(from, to)
  })
}

export function userVersion(db: Database): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0)
}
