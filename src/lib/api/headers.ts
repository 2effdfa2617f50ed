import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'

/**
 * Headers a request may not set: the token's (the CLI sends it, to GroupMe hosts only), the host,
 * and the hop-by-hop and framing headers that belong to the connection, not to the request.
 */
const REFUSED = new Set([
  'x-access-token',
  'authorization',
  'host',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
])

/** RFC 9110's token characters. */
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** `-H 'Name: value'` headers; a refused or malformed one is exit 2 with nothing sent. */
export function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = colon === -1 ? '' : line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (!NAME.test(name)) throw new UsageError(`-H ${JSON.stringify(sanitizeLine(line))} is not a header: write -H 'Name: value'`)
    if (/[\r\n\0]/.test(value)) throw new UsageError(`-H ${name}: a header value is one line`)
    if (REFUSED.has(name.toLowerCase())) {
      throw new UsageError(
        name.toLowerCase() === 'x-access-token' || name.toLowerCase() === 'authorization'
          ? `-H ${name} is refused: the CLI sends the token itself, and only to GroupMe hosts`
          : `-H ${name} is refused: it belongs to the connection, which the CLI manages`,
      )
    }

    headers[name] = value
  }

  return headers
}

/** A header set by -H, whatever its case. */
export function headerNamed(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase())
  return found === undefined ? undefined : headers[found]
}
