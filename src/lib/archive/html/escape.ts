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

const SPECIAL = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g
const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/**
 * Text as HTML text or as a quoted attribute value. Control characters (an ESC of a terminal
 * colour code, a NUL) are drawn as their visible pictures (␛, ␀), so the archive shows what was
 * sent without handing the browser characters it would drop or choke on; tabs and line breaks stay.
 */
export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, (char) => ENTITIES[char] ?? controlPicture(char))
}

function controlPicture(char: string): string {
  const code = char.charCodeAt(0)
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  return code === 0x7f ? '\u2421' : '\ufffd'
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
