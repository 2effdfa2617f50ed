import {DEFAULT_ENDPOINTS, type Endpoints} from '../../api/endpoints.js'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'

/** The GroupMe hosts the token may go to, besides the configured base URLs (docs/service.md, Transport and auth). */
const GROUPME_ORIGINS = ['https://api.groupme.com', 'https://v2.groupme.com', 'https://image.groupme.com', 'https://file.groupme.com']

/** Query parameters that would put a secret in a URL (docs/service.md, Transport and auth). */
const SECRET_PARAMETERS = new Set(['token', 'access_token'])

/** Which base a URL is under, and its path below that base (`/chats`), for knowing how it is paged. */
export interface Target {
  url: URL
  base?: keyof Endpoints
  /** The path below the base, from its leading slash; the whole pathname when under no base. */
  path: string
}

/**
 * Where `groupme api PATH` goes. PATH is relative to the v3 base (`chats`, `/direct_messages`),
 * `v2/…`, `v3/…` or `v4/…` for those bases, or a full URL on a GroupMe host or a configured base
 * URL. Anything else is refused before a request is made: the token is sent with every request.
 */
export function resolveTarget(path: string, endpoints: Endpoints): Target {
  const shown = JSON.stringify(sanitizeLine(path))
  if (path.trim() === '') throw new UsageError('PATH is empty: give an endpoint such as `chats` or `/users/me`')
  let url: URL
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    try {
      url = new URL(path)
    } catch {
      throw new UsageError(`${shown} is not a valid URL`)
    }

    if (url.username !== '' || url.password !== '') throw new UsageError(`${shown}: a URL with a user name or password is not sent`)
    if (!allowedOrigins(endpoints).has(url.origin)) {
      throw new UsageError(
        `${shown} is not a GroupMe API host: the token is only sent to ${[...allowedOrigins(endpoints)].join(', ')}`,
      )
    }
  } else {
    const relative = path.replace(/^\/+/, '')
    const version = /^(v[234])(?:\/|$)/.exec(relative)?.[1]
    const base = version === 'v2' ? endpoints.v2 : version === 'v4' ? endpoints.v4 : endpoints.api
    const rest = version ? relative.slice(version.length).replace(/^\/+/, '') : relative
    try {
      url = new URL(`${base}/${rest}`)
    } catch {
      throw new UsageError(`${shown} is not a valid path`)
    }

    // `..` could climb out of the base; the URL parser has already applied it.
    if (!url.href.startsWith(`${base}/`)) throw new UsageError(`${shown} leaves the API base ${base}`)
  }

  url.hash = ''
  refuseSecretParameters(url.searchParams)
  return {url, ...locate(url, endpoints)}
}

/** A token typed into a URL would end up in logs and proxy records: refused, never sent. */
export function refuseSecretParameters(params: Iterable<[string, string]>): void {
  for (const [name] of params) {
    if (SECRET_PARAMETERS.has(name.toLowerCase())) {
      throw new UsageError(`the "${name}" parameter is refused: the token never goes in a URL; the CLI sends it in a header`)
    }
  }
}

function allowedOrigins(endpoints: Endpoints): Set<string> {
  return new Set([...GROUPME_ORIGINS, ...Object.values(endpoints).map((base) => new URL(base).origin)])
}

/** The longest configured base the URL is under, else the longest of the real service's. */
function locate(url: URL, endpoints: Endpoints): Omit<Target, 'url'> {
  const address = url.origin + url.pathname
  const byLength = (bases: Endpoints) => (Object.entries(bases) as Array<[keyof Endpoints, string]>).sort(([, a], [, b]) => b.length - a.length)
  for (const [name, base] of [...byLength(endpoints), ...byLength(DEFAULT_ENDPOINTS)]) {
    if (address === base || address.startsWith(`${base}/`)) return {base: name, path: address.slice(base.length) || '/'}
  }

  return {path: url.pathname}
}
