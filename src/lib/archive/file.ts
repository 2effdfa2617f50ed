/**
 * The archive's file before SQLite opens it: a path the CLI cannot use is named with its reason
 * (exit 2) instead of reaching SQLite, whose "unable to open" or "disk I/O error" says neither;
 * a new archive is created private (0600: it holds every message; SQLite gives its -wal and -shm
 * the database's own mode); a looser existing one is warned about. docs/archive.md, "The file".
 */
import {constants, existsSync, type Stats} from 'node:fs'
import {access, open, stat} from 'node:fs/promises'
import {dirname} from 'node:path'
import {FileError, fileFailure, isMissing} from '../../base/file-errors.js'
import {PRIVATE_FILE_MODE} from '../../base/files.js'

export type ArchivePurpose = 'read' | 'write'

export interface ArchiveFile {
  /** The file is new or empty: the schema is to be made. */
  fresh: boolean
  /**
   * Read without the -shm file, which cannot be made beside it (a read-only file system, a folder
   * of another user's): SQLite's `immutable`, safe since nothing can write there either.
   */
  immutable: boolean
  /** Others may read it: the line that says how to fix that. */
  warning?: string
}

/**
 * Check `path` for `purpose`, creating it 0600 for a write when it does not exist. A missing file
 * to read is `missing` (the caller says how to make one).
 */
export async function prepareArchiveFile(path: string, purpose: ArchivePurpose): Promise<ArchiveFile | 'missing'> {
  let info: Stats
  try {
    info = await stat(path)
  } catch (error) {
    if (!isMissing(error)) throw fileFailure(error, {path, action: 'open'}) ?? error
    if (purpose === 'read') return 'missing'
    await createPrivate(path)
    return {fresh: true, immutable: false}
  }

  if (info.isDirectory()) throw new FileError(`cannot open ${path}: it is a directory; give --db a file`)
  if (!info.isFile()) throw new FileError(`cannot open ${path}: it is not a regular file (a device, pipe or socket); give --db a file`)
  await mayUse(path, constants.R_OK, 'read')
  let immutable = false
  if (purpose === 'write') {
    await mayUse(path, constants.W_OK, 'write')
    // The journal (-wal, -shm) and the lock are made beside it.
    await mayUse(dirname(path), constants.W_OK, 'create files in')
  } else {
    immutable = !existsSync(`${path}-shm`) && !(await canWrite(dirname(path)))
  }

  return {fresh: info.size === 0, immutable, warning: (info.mode & 0o077) === 0 ? undefined : looseWarning(path)}
}

function looseWarning(path: string): string {
  return `${path} is readable by other users; fix it with: chmod 600 '${path}'`
}

async function createPrivate(path: string): Promise<void> {
  try {
    await (await open(path, 'wx', PRIVATE_FILE_MODE)).close()
  } catch (error) {
    // Made by another process in between: it is checked like any existing file when opened.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return
    throw fileFailure(error, {path, action: 'create'}) ?? error
  }
}

async function mayUse(path: string, mode: number, action: string): Promise<void> {
  try {
    await access(path, mode)
  } catch (error) {
    throw fileFailure(error, {path, action}) ?? error
  }
}

async function canWrite(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}
