import {UsageError} from '../base/errors.js'

export interface Endpoints {
  api: string
  v2: string
  image: string
  /** Newer endpoints (v4 read receipts); only `groupme api` calls them. */
  v4: string
  /** The file service (`dm send --file`, `archive sync --media`; docs/actions.md, Files). */
  file: string
}

/** The real service's base URLs. */
export const DEFAULT_ENDPOINTS: Endpoints = {
  api: 'https://api.groupme.com/v3',
  v2: 'https://v2.groupme.com',
  image: 'https://image.groupme.com',
  v4: 'https://api.groupme.com/v4',
  file: 'https://file.groupme.com/v1',
}

const VARIABLES: Record<keyof Endpoints, string> = {
  api: 'GROUPME_API_URL',
  v2: 'GROUPME_V2_URL',
  image: 'GROUPME_IMAGE_URL',
  v4: 'GROUPME_V4_URL',
  file: 'GROUPME_FILE_URL',
}

/** Base URLs from the environment, each checked so that the token only travels encrypted or to this machine. */
export function endpointsFromEnv(env: NodeJS.ProcessEnv): Endpoints {
  const pick = (key: keyof Endpoints): string => checkBaseUrl(env[VARIABLES[key]] || DEFAULT_ENDPOINTS[key], VARIABLES[key])
  return {api: pick('api'), v2: pick('v2'), image: pick('image'), v4: pick('v4'), file: pick('file')}
}

/** GroupMe's push service (docs/push.md); GROUPME_PUSH_URL follows the same rules as the API's base URLs. */
export function pushUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return checkBaseUrl(env.GROUPME_PUSH_URL || 'https://push.groupme.com/faye', 'GROUPME_PUSH_URL')
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/**
 * A base URL as the token may travel to it. Refused, each in one line that never repeats the
 * value (it may hold a password): user info (`user:pass@`), which the debug log would print and
 * which is no way to authenticate here; a query or a fragment, which every path appended after
 * it would silently break; and plain http to anything but loopback.
 */
function checkBaseUrl(value: string, variable: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`${variable} is not a valid URL: it must look like https://host/path`)
  }

  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`${variable} holds user info (user:password@ before the host); give the URL without it (the token is the only credential)`)
  }

  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    throw new UsageError(`${variable} holds a query or fragment (? or #); give the base URL alone, e.g. https://host/v3`)
  }

  if (url.protocol === 'https:') return stripTrailingSlash(value)
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return stripTrailingSlash(value)
  if (url.protocol === 'http:') {
    throw new UsageError(`${variable} uses plain http to ${url.hostname}: the token is only sent over https or to loopback`)
  }

  throw new UsageError(`${variable} must be an https:// URL, got ${url.protocol}`)
}

function stripTrailingSlash(value: string): string {
  return value.replace(/\/+$/, '')
}
