/**
 * Make text from the service safe to print on a terminal, one record per line.
 *
 * Removed: ESC-introduced sequences (CSI, OSC, DCS, single-character escapes) and their
 * 8-bit C1 forms, every other C0/C1 control and DEL, and the BiDi embedding, override and
 * isolate characters that can reorder what a reader sees. Newlines, carriage returns and tabs
 * become the visible escapes `\n`, `\r` and `\t`, so a message never spans two lines.
 * Invisible characters (zero-width spaces and joiners, BOM, word joiner, soft hyphen, fillers)
 * become `\u200b` and the like, so two names that differ only by them never look alike; a
 * joiner inside an emoji sequence or a word of a script that needs it stays as it is.
 */
// OSC/DCS/SOS/PM/APC strings run to BEL or ST; CSI runs to a final byte; other escapes are ESC + one
// printable ASCII character. A lone ESC goes with the other controls below.
const ESCAPE_SEQUENCE =
  /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b[\x20-\x7e]?/gu
const VISIBLE_ESCAPES: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}
const LINE_BREAKS = /[\n\r\t]/g
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g
// ZWJ joins emoji (👩‍💻) and ZWNJ shapes Arabic-script and Indic words; elsewhere both only hide.
// Code point ranges, not \p{…} classes: those would load ICU data at start-up (docs/decisions/0005-dependency-patches-and-node-s-modules-loaded-on-first-use.md).
const PICTOGRAPH = '[\\u00a9\\u00ae\\u203c\\u2049\\u2122\\u2139\\u2194-\\u21aa\\u231a-\\u23ff\\u24c2\\u25aa-\\u27bf\\u2934\\u2935\\u2b05-\\u2b55\\u3030\\u303d\\u3297\\u3299\\u{1f000}-\\u{1faff}\\ufe0f]'
const JOINING_SCRIPT = '[\\u0600-\\u06ff\\u0750-\\u077f\\u08a0-\\u08ff\\u0900-\\u0dff\\ufb50-\\ufdff\\ufe70-\\ufefc]'
const INVISIBLE = new RegExp(
  [
    '[\\u00ad\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b\\u2060-\\u2064\\u206a-\\u206f\\u3164\\ufeff\\uffa0]',
    `(?<!${PICTOGRAPH})\\u200d`,
    `\\u200d(?!${PICTOGRAPH})`,
    `(?<!${JOINING_SCRIPT})\\u200c`,
    `\\u200c(?!${JOINING_SCRIPT})`,
  ].join('|'),
  'gu',
)

export function sanitizeLine(text: string | null | undefined): string {
  if (text === null || text === undefined) return ''
  return String(text)
    .replace(ESCAPE_SEQUENCE, '')
    .replace(LINE_BREAKS, (ch) => VISIBLE_ESCAPES[ch])
    .replace(CONTROL_CHARACTERS, '')
    .replace(INVISIBLE, escapeCode)
}

/** A character as its escape, `\u001b`: how a hidden character is shown, on a terminal and in the viewer. */
function escapeCode(char: string): string {
  return `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`
}

const PLAIN = /^[\t\n\x20-\x7e]*$/
const PAGE_HIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

/**
 * Text for a page that keeps its lines (`archive html`): every control character but tab and line
 * feed, and the invisible characters sanitizeLine escapes, become escapes (`\u001b`, `\u200b`), so
 * what was sent is seen and nothing hides. BiDi controls stay: the page isolates them per message.
 */
export function showHidden(text: string): string {
  if (PLAIN.test(text)) return text
  return text.replace(/\r\n/g, '\n').replace(PAGE_HIDDEN, escapeCode).replace(INVISIBLE, escapeCode)
}

/**
 * Make a whole text safe for a terminal, keeping its lines: as sanitizeLine, but newlines and tabs
 * stay (for `groupme api --raw` and `--include` on a terminal; a pipe gets the bytes as they came).
 */
export function sanitizeText(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r\n/g, '\n')
    .replace(CONTROL_CHARACTERS, (ch) => (ch === '\n' || ch === '\t' ? ch : ''))
}

/**
 * At most `max` characters (code points, never half a surrogate pair), the last an ellipsis when
 * cut: a cap on the length of a service's error text in a message. Tables count terminal columns
 * over grapheme clusters instead (src/output/width.ts).
 */
export function shorten(text: string, max: number): string {
  const characters = Array.from(text)
  if (characters.length <= max) return text
  return max <= 1 ? characters.slice(0, Math.max(max, 0)).join('') : characters.slice(0, max - 1).join('') + '…'
}
