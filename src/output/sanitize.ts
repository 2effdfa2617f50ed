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
// Code point ranges, not \p{…} classes: those would load ICU data at start-up (README, Performance).
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
    .replace(INVISIBLE, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`)
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
 * Columns a string takes on a terminal: East Asian wide and fullwidth characters and emoji take
 * two, combining marks and zero-width characters none.
 */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text) width += charWidth(char.codePointAt(0)!)
  return width
}

/** Cut to `width` terminal columns, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  // Too narrow for an ellipsis to help: keep what fits.
  const room = width <= 1 ? Math.max(width, 0) : width - 1
  let used = 0
  let kept = ''
  for (const char of text) {
    const next = charWidth(char.codePointAt(0)!)
    if (used + next > room) break
    kept += char
    used += next
  }

  return width <= 1 ? kept : kept + '…'
}

// biome-ignore lint/suspicious/noMisleadingCharacterClass: it tests one code point at a time, combining marks included on purpose
const ZERO_WIDTH = /^[\u0300-\u036f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]$/u
const WIDE: Array<[number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
]

function charWidth(codePoint: number): number {
  if (ZERO_WIDTH.test(String.fromCodePoint(codePoint))) return 0
  return WIDE.some(([from, to]) => codePoint >= from && codePoint <= to) ? 2 : 1
}
