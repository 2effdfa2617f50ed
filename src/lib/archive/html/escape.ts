/**
 * The one way the viewer makes HTML. `html` is a tagged template that escapes every value put
 * into it; only `Html` values (made by `html` itself) go in as they are, so the only markup that
 * is not escaped is the literal text of the templates. There is no way to mark a string as safe.
 * Every template of the viewer is written with it, so text from the service cannot become markup:
 * `<script>` in a message is shown as `<script>`.
 *
 * Templates quote every attribute, so escaping `"` and `'` as well as `& < >` makes a value
 * safe in an attribute too. URLs also pass through `externalUrl` (http and https only).
 */

import {showHidden} from '../../../base/sanitize.js'

/** Markup that is safe to put into a page as it is. */
export class Html {
  constructor(readonly text: string) {}
}

/** What a template takes: text (escaped), markup, nothing, or a list of these. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[]

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += valueHtml(values[i]) + strings[i + 1]
  return new Html(out)
}

/** Items joined by a separator, each escaped unless it is markup. */
export function joinHtml(items: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return new Html(items.map(valueHtml).join(valueHtml(separator)))
}

function valueHtml(value: HtmlValue): string {
  if (value instanceof Html) return value.text
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return value.map(valueHtml).join('')
  return escapeHtml(String(value))
}

const SPECIAL = /[&<>"']/g
const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/**
 * Text as HTML text or as a quoted attribute value. Control and invisible characters (an ESC of a
 * terminal colour code, a NUL, a zero-width space) are shown as escapes (`\u001b`), as the terminal
 * output shows them (base/sanitize.ts, showHidden): the archive shows what was sent without
 * handing the browser characters it would drop, choke on or hide; tabs and line breaks stay.
 */
export function escapeHtml(text: string): string {
  return showHidden(text).replace(SPECIAL, (char) => ENTITIES[char])
}

/** A URL from the service as an href: http and https only (never javascript:, data: or file:). */
export function externalUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}
