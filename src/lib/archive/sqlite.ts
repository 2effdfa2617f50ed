/**
 * The one place that knows which SQLite binding runs. Node's own `node:sqlite` where it exists
 * (Node 22.13 and later, FTS5 compiled in), else `better-sqlite3` 12 (an optional dependency,
 * built from source on Node 20). Both are synchronous with the same prepare/run/get/all shape;
 * this adapter only evens out their few differences. docs/decisions.md, "SQLite binding".
 *
 * Loaded only by the archive commands (dynamic import), so no other command pays for it.
 */
import {CliError} from '../../core/errors.js'

export type SqlValue = string | number | bigint | null | Uint8Array
export type Row = Record<string, unknown>

export interface Statement {
  run(...params: SqlValue[]): {changes: number}
  get(...params: SqlValue[]): Row | undefined
  all(...params: SqlValue[]): Row[]
  /** Rows one at a time, for results too large to hold. */
  iterate(...params: SqlValue[]): IterableIterator<Row>
}

export interface Database {
  /** Which binding answers: for the docs, `--debug` and the tests. */
  readonly driver: 'node:sqlite' | 'better-sqlite3'
  exec(sql: string): void
  prepare(sql: string): Statement
  /** A statement whose integers come back as BigInt when they do not fit a Number (archive sql). */
  prepareExact(sql: string): Statement
  /** Run `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: () => T): T
  close(): void
}

export interface OpenOptions {
  readOnly?: boolean
}

/** The binding is missing or cannot load: say what to do. */
export class SqliteUnavailableError extends CliError {
  override readonly code = 'sqlite_unavailable'
}

type Opener = (path: string, options: OpenOptions) => Database

let opener: Promise<Opener> | undefined

/** Open (or create) a database file with the binding this Node has. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  opener ??= chooseOpener()
  return (await opener)(path, options)
}

async function chooseOpener(): Promise<Opener> {
  if (loadNodeSqlite()) return openWithNodeSqlite
  try {
    // @ts-expect-error: an optional dependency without type declarations; typed by BetterSqliteConstructor below.
    betterSqlite = (await import('better-sqlite3')).default as unknown as BetterSqliteConstructor
  } catch (error) {
    throw new SqliteUnavailableError(
      `the archive needs SQLite: Node ${process.versions.node} has no node:sqlite (Node 22.13 and later do), and better-sqlite3 ` +
        `did not load (${(error as Error).message.split('\n')[0]}). Use Node 22.13 or later, or run \`npm install better-sqlite3@12\``,
    )
  }

  return openWithBetterSqlite
}

// ---------------------------------------------------------------------------------------------
// node:sqlite

interface NodeStatement {
  run(...params: SqlValue[]): {changes: number | bigint}
  get(...params: SqlValue[]): Row | undefined
  all(...params: SqlValue[]): Row[]
  iterate?(...params: SqlValue[]): IterableIterator<Row>
  setReadBigInts(enabled: boolean): void
}

interface NodeDatabase {
  exec(sql: string): void
  prepare(sql: string): NodeStatement
  close(): void
}

type NodeDatabaseConstructor = new (path: string, options?: {readOnly?: boolean}) => NodeDatabase

let NodeDatabaseSync: NodeDatabaseConstructor | undefined

/** True when node:sqlite loads; its ExperimentalWarning (and only that one) is kept off stderr. */
function loadNodeSqlite(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major < 22 || (major === 22 && minor < 13)) return false
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as {type?: string} | undefined)?.type ?? (warning as Error).name
    if (type === 'ExperimentalWarning' && /sqlite/i.test(text)) return
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    // getBuiltinModule: undefined where the module does not exist, and no import() in the bundle.
    const sqlite = process.getBuiltinModule('node:sqlite') as {DatabaseSync?: NodeDatabaseConstructor} | undefined
    NodeDatabaseSync = sqlite?.DatabaseSync
    return NodeDatabaseSync !== undefined
  } catch {
    return false
  } finally {
    process.emitWarning = emitWarning
  }
}

function openWithNodeSqlite(path: string, options: OpenOptions): Database {
  const db = new NodeDatabaseSync!(path, {readOnly: options.readOnly === true})
  const wrap = (statement: NodeStatement): Statement => ({
    run: (...params) => ({changes: Number(statement.run(...params).changes)}),
    get: (...params) => statement.get(...params),
    all: (...params) => statement.all(...params),
    // iterate() came in Node 22.13 too; all() is the fallback on a build without it.
    iterate: (...params) => (statement.iterate ? statement.iterate(...params) : statement.all(...params)[Symbol.iterator]()),
  })
  return {
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: (sql) => wrap(db.prepare(sql)),
    prepareExact(sql) {
      const statement = db.prepare(sql)
      statement.setReadBigInts(true)
      return exactIntegers(wrap(statement))
    },
    transaction: (work) => inTransaction((sql) => db.exec(sql), work),
    close: () => db.close(),
  }
}

// ---------------------------------------------------------------------------------------------
// better-sqlite3

interface BetterStatement {
  reader: boolean
  run(...params: SqlValue[]): {changes: number}
  get(...params: SqlValue[]): Row | undefined
  all(...params: SqlValue[]): Row[]
  iterate(...params: SqlValue[]): IterableIterator<Row>
  safeIntegers(enabled: boolean): BetterStatement
}

interface BetterDatabase {
  exec(sql: string): void
  prepare(sql: string): BetterStatement
  close(): void
}

type BetterSqliteConstructor = new (path: string, options?: {readonly?: boolean; fileMustExist?: boolean}) => BetterDatabase

let betterSqlite: BetterSqliteConstructor | undefined

function openWithBetterSqlite(path: string, options: OpenOptions): Database {
  const db = new betterSqlite!(path, {readonly: options.readOnly === true, fileMustExist: options.readOnly === true})
  const wrap = (statement: BetterStatement): Statement => ({
    run: (...params) => statement.run(...params),
    get: (...params) => statement.get(...params),
    all: (...params) => statement.all(...params),
    iterate: (...params) => statement.iterate(...params),
  })
  return {
    driver: 'better-sqlite3',
    exec: (sql) => db.exec(sql),
    prepare: (sql) => wrap(db.prepare(sql)),
    prepareExact(sql) {
      const statement = db.prepare(sql)
      // safeIntegers() applies only to statements that return rows.
      if (!statement.reader) return wrap(statement)
      statement.safeIntegers(true)
      return exactIntegers(wrap(statement))
    },
    transaction: (work) => inTransaction((sql) => db.exec(sql), work),
    close: () => db.close(),
  }
}

/** Integers read as BigInt; those that fit a Number become one again, so only ids past 2^53 stay BigInt. */
function exactIntegers(statement: Statement): Statement {
  const narrow = (row: Row): Row => {
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) row[key] = Number(value)
    }

    return row
  }

  return {
    run: (...params) => statement.run(...params),
    get: (...params) => {
      const row = statement.get(...params)
      return row && narrow(row)
    },
    all: (...params) => statement.all(...params).map(narrow),
    *iterate(...params) {
      for (const row of statement.iterate(...params)) yield narrow(row)
    },
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** BEGIN IMMEDIATE: the write lock is taken at once, so a transaction never fails half-way on it. */
function inTransaction<T>(exec: (sql: string) => void, work: () => T): T {
  exec('BEGIN IMMEDIATE')
  let result: T
  try {
    result = work()
  } catch (error) {
    exec('ROLLBACK')
    throw error
  }

  exec('COMMIT')
  return result
}
