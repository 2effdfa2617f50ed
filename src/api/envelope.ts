import {parseJson} from '../base/json-file.js'
import {sanitizeLine, shorten} from '../base/sanitize.js'

/**
 * The usual answer is `{response, meta: {code, errors}}`, but DELETE answers 204 with no body,
 * the image service answers `{payload}` and v2 may answer bare (docs/service.md, Envelope).
 */
export interface Envelope {
  response: unknown
  meta: {code?: number; errors?: unknown}
}

export function isEnvelope(body: unknown): body is Envelope {
  return typeof body === 'object' && body !== null && 'meta' in body && 'response' in body
}

/** The answer's data without its envelope; undefined for "no data". */
export function unwrap(body: unknown): unknown {
  if (!isEnvelope(body)) return body
  return body.response ?? undefined
}

export function envelopeErrors(body: unknown): string[] {
  if (!isEnvelope(body)) return []
  const {errors} = body.meta ?? {}
  return Array.isArray(errors) ? errors.map(String) : []
}

/** What the service said about a failure, made safe and short enough for one stderr line. */
export function describeBody(text: string, contentType: string | undefined): string {
  const parsed = parseJson(text)
  if (parsed.ok) {
    const errors = envelopeErrors(parsed.value)
    if (errors.length > 0) return shorten(sanitizeLine(errors.join('; ')), 200)
    return ''
  }

  if (contentType?.includes('html') || /^\s*</.test(text)) return 'the service answered with an HTML page'
  return shorten(sanitizeLine(text.trim()), 200)
}
