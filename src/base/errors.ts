/**
 * Typed errors. Each carries the exit code documented in docs/output.md, a short machine code
 * for `--json` error objects, and the HTTP status when the error came from the service.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  refused: 5,
  conflict: 6,
  nothingNew: 7,
  /** A walk ended, but what was archived does not add up to the service's count. */
  incomplete: 8,
  /** The database file is not an archive this version can use (corrupt, foreign, newer schema). */
  badArchive: 9,
  interrupted: 130,
} as const

export class CliError extends Error {
  readonly exitCode: number = ExitCode.failure
  readonly code: string = 'error'
  readonly status?: number

  constructor(message: string, options: {status?: number} = {}) {
    super(message)
    this.name = new.target.name
    this.status = options.status
  }
}

/** Bad input: nothing was sent. */
export class UsageError extends CliError {
  override readonly exitCode = ExitCode.usage
  override readonly code = 'usage'
}

/** Network failure, 5xx after the retries, a body we could not read, or anything unexpected. */
export class NetworkError extends CliError {
  override readonly code = 'network'
}

export class ServerError extends CliError {
  override readonly code = 'server'
}

/** No token, or a 401. */
export class AuthError extends CliError {
  override readonly exitCode = ExitCode.auth
  override readonly code = 'unauthenticated'
}

/**
 * A 401: the token was refused. `request` says which request; the advice names where the token came
 * from once that is known (core/token-advice.ts), since the fix differs.
 */
export class TokenRefusedError extends AuthError {
  constructor(
    readonly request: string,
    advice = 'The token was refused: log in again with `groupme auth login --with-token`',
  ) {
    super(`${request}. ${advice}`, {status: 401})
  }
}

export class NotFoundError extends CliError {
  override readonly exitCode = ExitCode.notFound
  override readonly code = 'not_found'
}

/** 429/420 after the retries ran out. */
export class RateLimitError extends CliError {
  override readonly exitCode = ExitCode.refused
  override readonly code = 'rate_limited'
}

/** 403: not allowed, or auto-banned. */
export class ForbiddenError extends CliError {
  override readonly exitCode = ExitCode.refused
  override readonly code = 'forbidden'
}

/** 409: for a send, the source_guid was already used. */
export class ConflictError extends CliError {
  override readonly exitCode = ExitCode.conflict
  override readonly code = 'conflict'
}

/** `dm tail --exit-status` found nothing new: for scripts that branch on it. */
export class NothingNewError extends CliError {
  override readonly exitCode = ExitCode.nothingNew
  override readonly code = 'nothing_new'
}

/**
 * A whole walk through the history ended with fewer messages than the service counts: the output
 * is known to be short, so it is never reported as success (docs/service.md, Messages). For
 * `archive sync`: chats that still differ from the service's count after a second walk.
 */
export class IncompleteError extends CliError {
  override readonly exitCode = ExitCode.incomplete
  override readonly code = 'incomplete'
}

export class InterruptedError extends CliError {
  override readonly exitCode = ExitCode.interrupted
  override readonly code = 'interrupted'
}
