import {AuthError, UsageError} from '../base/errors.js'
import {configPath, configPermissionWarning, readConfig} from './config.js'

export type TokenSource = 'GROUPME_TOKEN' | 'config'

export interface ResolvedToken {
  token: string
  source: TokenSource
  /** Where it came from, for `auth status`: the variable name or the config file's path. */
  origin: string
  warning?: string
}

/** The token, from `GROUPME_TOKEN` first (Settings.token, trimmed), then the config file written by `auth login`. */
export async function resolveToken(configDir: string, fromEnv: string | undefined): Promise<ResolvedToken> {
  if (fromEnv) {
    refuseMalformed(fromEnv, 'GROUPME_TOKEN', 'set it to the token alone')
    return {token: fromEnv, source: 'GROUPME_TOKEN', origin: 'the GROUPME_TOKEN environment variable'}
  }

  const stored = await readConfig(configDir)
  // readConfig has refused a file whose token is not a string.
  if (stored.token) {
    refuseMalformed(stored.token, `the token in ${configPath(configDir)}`, 'log in again: groupme auth login --with-token')
    return {
      token: stored.token,
      source: 'config',
      origin: configPath(configDir),
      warning: await configPermissionWarning(configDir),
    }
  }

  throw new AuthError(
    'not logged in: run `groupme auth login --with-token` (the token is read from stdin) or set GROUPME_TOKEN',
  )
}

/**
 * GroupMe tokens are 40 letters and digits (docs/service.md, Transport and auth). Without
 * fitting that too closely: 20 to 256 characters of the base64/URL-safe alphabet. Anything else
 * (a control character, white space, a quote, a non-ASCII letter) cannot be a token and would
 * only fail, slowly, as a header the transport cannot send.
 */
const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/=]+$/
const TOKEN_LENGTH = {min: 20, max: 256}

/** What is wrong with a token's shape, said without showing it; undefined when it may be a token. */
export function tokenProblem(token: string): string | undefined {
  // Every check names a kind of character and a position, never the token's characters.
  for (const [index, char] of [...token].entries()) {
    if (TOKEN_SHAPE.test(char)) continue
    const code = char.codePointAt(0)!
    const kind =
      code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? 'a control character'
        : /\s/u.test(char)
          ? 'white space'
          : code > 0x7e
            ? 'a non-ASCII character'
            : `the character ${JSON.stringify(char)}`
    return `holds ${kind} (character ${index + 1}), which no token has`
  }

  const {length} = token
  if (length < TOKEN_LENGTH.min || length > TOKEN_LENGTH.max) {
    return `is ${length} characters long, which no token is (GroupMe tokens are 40)`
  }

  return undefined
}

/**
 * A stored or configured token that cannot be one fails here, once, before anything is sent:
 * exit 2 like any input that fails its check, not a network error retried five times.
 */
function refuseMalformed(token: string, where: string, fix: string): void {
  const problem = tokenProblem(token)
  if (problem) throw new UsageError(`${where} ${problem}; ${fix}. Nothing was sent`)
}

/** Show a token's shape without revealing it: the last four characters only. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '****' : `${'*'.repeat(token.length - 4)}${token.slice(-4)}`
}
