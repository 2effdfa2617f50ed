import {describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {ExitCode} from '../../../../src/base/errors.js'
import {MIGRATIONS, migrate, SCHEMA_VERSION, userVersion} from '../../../../src/lib/archive/migrations.js'
import {ArchiveFileError, openArchive, openArchiveReadOnly} from '../../../../src/lib/archive/schema.js'
import {type Database, openDatabase} from '../../../../src/lib/archive/sqlite.js'
import {tempDir} from '../../helpers/temp-dir.js'

const CHAT = '93645911+118825642'

/** A file at `version`, made by this groupme's own migrations 1..version, with one chat and one message in it. */
async function archiveAt(version: number): Promise<string> {
  const path = join((await tempDir('groupme-migrations-')).path, 'archive.db')
  const db = await openDatabase(path)
  db.exec('PRAGMA journal_mode = WAL')
  migrate(db, version)
  // Columns of version 1: later versions only add tables and columns.
  db.prepare("INSERT INTO chats (id, other_user_id, raw) VALUES (?, '118825642', '{}')").run(CHAT)
  db.prepare("INSERT INTO messages (id, num, conversation_id, created_at, text, raw, archived_at) VALUES ('179000000100000001', 179000000100000001, ?, 1790000001, 'kept', '{}', 1)").run(CHAT)
  closeWhole(db)
  return path
}

/** Close with the WAL folded into the file, so the file's bytes are all there is to compare. */
function closeWhole(db: Database): void {
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
}

function schemaOf(db: Database): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all()
}

describe('archive schema versions', () => {
  test('the migrations are numbered 1, 2, 3… with no gap, and the last one is the version this groupme writes', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1))
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  test('a file made at each older version is upgraded in place to the same schema as a new file, its rows kept', async () => {
    const fresh = await openArchive(join((await tempDir('groupme-migrations-')).path, 'new.db'))
    const expected = schemaOf(fresh)
    fresh.close()
    const older = MIGRATIONS.slice(0, -1).map((migration) => migration.version)
    expect(older.length).toBeGreaterThan(0)
    for (const version of older) {
      const path = await archiveAt(version)
      const db = await openArchive(path)
      expect({version, now: userVersion(db)}).toEqual({version, now: SCHEMA_VERSION})
      expect(schemaOf(db)).toEqual(expected)
      expect(db.prepare('SELECT text FROM messages').all()).toEqual([{text: 'kept'}])
      // The search index the older version's triggers filled still answers.
      expect(db.prepare("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'kept'").get()).toEqual({n: 1})
      db.close()
    }
  })

  test('a reading command upgrades an older file too, then reads it', async () => {
    const path = await archiveAt(SCHEMA_VERSION - 1)
    const db = await openArchiveReadOnly(path)
    expect(userVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.prepare('SELECT id FROM messages').all()).toEqual([{id: '179000000100000001'}])
    expect(() => db.exec("INSERT INTO meta (key, value) VALUES ('x', 'y')")).toThrow()
    db.close()
  })

  test('an upgrade that fails part-way leaves the file at its version, whole: one transaction', async () => {
    const path = await archiveAt(1)
    // Something else made a table the next migration creates: that migration fails half-way through the upgrade.
    const db = await openDatabase(path)
    const clash = /CREATE TABLE (\w+)/.exec(MIGRATIONS[1].sql)![1]
    db.exec(`CREATE TABLE ${clash} (x)`)
    closeWhole(db)
    const before = readFileSync(path)
    const error = await openArchive(path).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(ArchiveFileError)
    expect((error as ArchiveFileError).exitCode).toBe(ExitCode.badArchive)
    expect((error as Error).message).toMatch(/schema version 1 and could not be upgraded .* left as it was/)
    const after = await openDatabase(path, {readOnly: true})
    expect(userVersion(after)).toBe(1)
    expect(after.prepare('SELECT text FROM messages').all()).toEqual([{text: 'kept'}])
    after.close()
    expect(readFileSync(path)).toEqual(before)
  })

  test('a newer file is refused with exit 9, by the writing and the reading path, and left untouched', async () => {
    const path = await archiveAt(SCHEMA_VERSION)
    const db = await openDatabase(path)
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    closeWhole(db)
    const before = readFileSync(path)
    for (const open of [openArchive, openArchiveReadOnly]) {
      const error = await open(path).catch((error: unknown) => error)
      expect(error).toBeInstanceOf(ArchiveFileError)
      expect((error as ArchiveFileError).exitCode).toBe(ExitCode.badArchive)
      expect((error as Error).message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1}; this groupme reads versions 1 to ${SCHEMA_VERSION}`))
    }

    expect(readFileSync(path)).toEqual(before)
  })
})
