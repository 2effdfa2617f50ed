import {CliError, ExitCode} from './errors.js'

/** A failed file operation: one line that names the path, with the exit code of its kind. */
export class FileError extends CliError {
  override readonly code = 'file'
  override readonly exitCode: number

  constructor(message: string, exitCode: number = ExitCode.usage) {
    super(message)
    this.exitCode = exitCode
  }
}

/** A Node system error; `dest` is the second path of a rename or link. */
export function isErrnoException(error: unknown): error is NodeJS.ErrnoException & {dest?: string} {
  // Not `instanceof Error`: errors made in another realm (a test's VM context) are not.
  return typeof error === 'object' && error !== null && !(error instanceof CliError) && typeof (error as NodeJS.ErrnoException).code === 'string'
}

/** The one test for "there is no such file". */
export function isMissing(error: unknown): boolean {
  return isErrnoException(error) && error.code === 'ENOENT'
}

/**
 * What each error code means to the user, and its exit code. A path the user can fix (wrong
 * kind, no permission, read-only) is exit 2; a full disk or a failing device is exit 1.
 */
const KNOWN: Record<string, {reason: string; exit: number}> = {
  ENOENT: {reason: 'no such file or directory', exit: ExitCode.usage},
  EACCES: {reason: 'permission denied', exit: ExitCode.usage},
  EPERM: {reason: 'operation not permitted', exit: ExitCode.usage},
  EROFS: {reason: 'read-only file system', exit: ExitCode.usage},
  EISDIR: {reason: 'it is a directory', exit: ExitCode.usage},
  ERR_FS_EISDIR: {reason: 'it is a directory', exit: ExitCode.usage},
  ENOTDIR: {reason: 'a part of the path is not a directory', exit: ExitCode.usage},
  ELOOP: {reason: 'too many symbolic links', exit: ExitCode.usage},
  ENAMETOOLONG: {reason: 'the name is too long', exit: ExitCode.usage},
  EEXIST: {reason: 'it already exists', exit: ExitCode.usage},
  ENXIO: {reason: 'no reader or device on the other end', exit: ExitCode.usage},
  ERR_FS_FILE_TOO_LARGE: {reason: 'it is too large to read whole (over 2 GiB)', exit: ExitCode.usage},
  ENOSPC: {reason: 'no space left on the device', exit: ExitCode.failure},
  EDQUOT: {reason: 'disk quota exceeded', exit: ExitCode.failure},
  EFBIG: {reason: 'the file is too large for the file system', exit: ExitCode.failure},
  EMFILE: {reason: 'too many open files', exit: ExitCode.failure},
  ENFILE: {reason: 'too many open files in the system', exit: ExitCode.failure},
  EIO: {reason: 'input/output error', exit: ExitCode.failure},
  EBUSY: {reason: 'the file is busy', exit: ExitCode.failure},
  ETXTBSY: {reason: 'the file is busy', exit: ExitCode.failure},
}

const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  rename: 'replace',
  link: 'create',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  stat: 'look at',
  lstat: 'look at',
  fstat: 'look at',
  scandir: 'list',
  readlink: 'follow the link',
  realpath: 'follow the path',
  chmod: 'change the mode of',
  ftruncate: 'cut',
  truncate: 'cut',
  fsync: 'flush',
  copyfile: 'copy',
  utime: 'touch',
}

/**
 * The one place that turns an error from the file system into what the user reads, e.g.
 * `cannot open /a/b.lock: permission denied`. Undefined for anything that is not such an error.
 * `path` names the file for errors that carry none (readFile's size limit) or name a temporary
 * file of it; `action` says what was being done, e.g. `create the lock file`.
 */
export function fileFailure(error: unknown, options: {path?: string; action?: string} = {}): FileError | undefined {
  if (!isErrnoException(error)) return undefined
  const known = KNOWN[error.code!]
  const where = options.path ?? (error.syscall === 'rename' || error.syscall === 'link' ? (error.dest ?? error.path) : error.path)
  if (!known || where === undefined) return undefined
  const action = options.action ?? ACTIONS[error.syscall ?? ''] ?? 'use'
  // mkdir -p meets a file where a directory should be.
  const reason = error.syscall === 'mkdir' && error.code === 'EEXIST' ? 'a file that is not a directory is in the way' : known.reason
  return new FileError(`cannot ${action} ${where}: ${reason}${hint(error.code!)}`, known.exit)
}

function hint(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS': {
      return '; check its permissions, or choose another path'
    }

    case 'ENOSPC':
    case 'EDQUOT': {
      return '; free some space and run it again'
    }

    default: {
      return ''
    }
  }
}
