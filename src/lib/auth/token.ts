import {AuthError} from '../../core/errors.js'
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
  if (fromEnv) return {token: fromEnv, source: 'GROUPME_TOKEN', origin: 'the GROUPME_TOKEN environment variable'}

  const stored = await readConfig(configDir)
  if (stored.token) {
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

/** Show a token's shape without revealing it: the last four characters only. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '****' : `${'*'.repeat(token.length - 4)}${token.slice(-4)}`
}
