/**
 * The archive file on disk: created private, a looser one warned about, and every path the CLI
 * cannot use named with its reason (exit 2), apart from a file that really is not an archive this
 * version can use (exit 9). What needs another user or a read-only mount runs the built CLI in a
 * process of its own (setpriv, unshare); those cases are skipped where the machine cannot do that.
 */
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdtempSync, readdirSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {openDatabase} from '../../src/lib/archive/sqlite.js'
import type {Sandbox} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {BIN, type CliResult, finished} from '../e2e/helpers/cli.js'
import {runCli} from '../helpers/run-in-process.js'

const sandboxWith = sandboxPerTest()

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-archive-files-'))
const newDb = () => join(scratch(), 'archive.db')
const sync = (box: Sandbox, db: string, ...args: string[]) => runCli(['archive', 'sync', '--db', db, ...args], {sandbox: box})
const read = (db: string, ...args: string[]) => runCli(['archive', ...args, '--db', db])
const mode = (path: string) => statSync(path).mode & 0o777

async function synced(): Promise<string> {
  const box = await sandboxWith({chats: 2, messagesPerChat: 30})
  const db = newDb()
  expect((await sync(box, db)).code).toBe(0)
  return db
}

/** Every read-only command over `db`: each must work. */
const READERS = (): string[][] => [
  ['stats'],
  ['search', 'the'],
  ['sql', 'SELECT count(*) AS n FROM messages'],
  ['export', '--out', scratch()],
]

describe('the archive file is private', () => {
  test('a new archive is 0600, and so are its -wal and -shm, whatever the umask', async () => {
    const umask = process.umask(0)
    let db: string
    try {
      db = await synced()
    } finally {
      process.umask(umask)
    }

    expect(mode(db)).toBe(0o600)
    // A reader keeps the WAL files open: SQLite creates them with the database's own mode.
    const reader = await openDatabase(db)
    try {
      reader.prepare('SELECT count(*) FROM messages').get()
      expect(existsSync(`${db}-wal`) && existsSync(`${db}-shm`)).toBe(true)
      expect([mode(`${db}-wal`), mode(`${db}-shm`)]).toEqual([0o600, 0o600])
    } finally {
      reader.close()
    }
  })

  test('an existing archive others can read gets a warning that says how to fix it, and still works', async () => {
    const db = await synced()
    chmodSync(db, 0o644)
    const box = await sandboxWith({chats: 2, messagesPerChat: 30})
    const again = await sync(box, db)
    expect(again.code).toBe(0)
    expect(again.stderr).toContain(`warning: ${db} is readable by other users; fix it with: chmod 600 '${db}'`)
    const stats = await read(db, 'stats')
    expect(stats.code).toBe(0)
    expect(stats.stderr).toContain(`chmod 600 '${db}'`)
    chmodSync(db, 0o600)
    expect((await read(db, 'stats')).stderr).toBe('')
  })
})

describe('a path that is not a file the archive can use: exit 2, the path and the reason', () => {
  test('--db naming a directory', async () => {
    const box = await sandboxWith({})
    const dir = scratch()
    for (const result of [await sync(box, dir), await read(dir, 'stats'), await read(dir, 'search', 'x')]) {
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(`Error: cannot open ${dir}: it is a directory; give --db a file\n`)
    }

    expect(readdirSync(dir)).toEqual([])
  })

  test('--db /dev/null', async () => {
    const box = await sandboxWith({})
    for (const result of [await sync(box, '/dev/null'), await read('/dev/null', 'stats'), await read('/dev/null', 'sql', 'SELECT 1')]) {
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/^Error: cannot open \/dev\/null: it is not a regular file/)
    }

    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
    expect(box.requests.filter((request) => request.path === '/v3/direct_messages')).toHaveLength(0)
  })
})

describe('exit 9 is for a file that is not an archive this version can use', () => {
  test('an archive missing its FTS table is refused with exit 9, not "no such table"', async () => {
    const db = await synced()
    const handle = await openDatabase(db)
    handle.exec('DROP TABLE messages_fts')
    handle.close()
    for (const result of [await read(db, 'search', 'the'), await read(db, 'stats'), await sync(await sandboxWith({}), db)]) {
      expect(result.code).toBe(9)
      expect(result.stderr).toMatch(/lacks the table messages_fts/)
      expect(result.stderr).not.toMatch(/no such table|Stopped/)
    }
  })
})

/** The built CLI run by another user (nobody) or in a mount namespace where `dir` is read-only. */
function spawnAs(prefix: string[], args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(prefix[0], [...prefix.slice(1), process.execPath, BIN, ...args], {
    env: {PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env},
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin.end()
  return finished(child)
}

const isRoot = process.getuid?.() === 0
// nobody must reach the CLI itself: a checkout in a private folder (mktemp -d, a 0700 home) cannot be
// read by it, and that is no finding about the archive.
const canSetpriv = isRoot && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--version']).status === 0
const READ_ONLY_MOUNT = ['sh', '-c', 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"', 'sh']
const canUnshare = spawnSync('unshare', ['--user', '--map-root-user', '--mount', ...READ_ONLY_MOUNT, tmpdir(), 'true']).status === 0

/** A folder anyone may enter, for the config and caches of a run as nobody. */
function openFolder(): string {
  const dir = scratch()
  chmodSync(dir, 0o777)
  return dir
}

describe('permissions and read-only file systems', () => {
  ;(canSetpriv ? test : test.skip)('an archive the user may not read: exit 2 naming the path and "permission denied"', async () => {
    const db = await synced()
    chmodSync(join(db, '..'), 0o755)
    const home = openFolder()
    const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
    const env = {HOME: home, GROUPME_CONFIG_DIR: home, XDG_CACHE_HOME: home, GROUPME_TOKEN: 'x'.repeat(32), GROUPME_API_URL: 'http://127.0.0.1:9'}
    for (const args of [['stats'], ['search', 'the'], ['sync']]) {
      const result = await spawnAs(asNobody, ['archive', ...args, '--db', db], env)
      expect({args, code: result.code}).toEqual({args, code: 2})
      // sync meets the folder first: its lock file is made beside the archive.
      const named = args[0] === 'sync' ? `create the lock file ${db}.lock` : `read ${db}`
      expect(result.stderr).toMatch(new RegExp(`^Error: cannot ${named.replaceAll('/', '\\/')}: permission denied`))
    }
  })

  ;(canUnshare ? test : test.skip)('an archive on a read-only file system: every reader works, sync says why it cannot write (exit 2)', async () => {
    const db = await synced()
    const dir = join(db, '..')
    const home = openFolder()
    const readOnly = ['unshare', '--user', '--map-root-user', '--mount', ...READ_ONLY_MOUNT, dir]
    const env = {HOME: home, GROUPME_CONFIG_DIR: home, XDG_CACHE_HOME: home, GROUPME_TOKEN: 'x'.repeat(32), GROUPME_API_URL: 'http://127.0.0.1:9'}
    for (const args of READERS()) {
      const result = await spawnAs(readOnly, ['archive', ...args, '--db', db], env)
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 0, stderr: ''})
    }

    const written = await spawnAs(readOnly, ['archive', 'sync', '--db', db], env)
    expect(written.code).toBe(2)
    expect(written.stderr).toMatch(/read-only file system/)
    expect(written.stderr).not.toMatch(/not a groupme archive|disk I\/O/)
  })
})
