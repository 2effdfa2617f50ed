import stringWidth from 'string-width'

/**
 * Terminal columns, counted over grapheme clusters by string-width (East Asian width, RGI emoji,
 * ZWJ sequences, combining marks). This module is imported only on the terminal-table path: it
 * and string-width build Unicode-property regular expressions and an Intl.Segmenter, whose ICU
 * data is slow to load (docs/decisions/0005-dependency-patches-and-node-s-modules-loaded-on-first-use.md).
 *
 * Intl.Segmenter is slow on Node 20 (about 100 times a code-point loop), so it is used only for
 * text that has something that joins code points into one cluster; elsewhere every code point is
 * its own cluster. Each cluster's width is asked of string-width once and kept.
 */

// Printable ASCII: one column a character, no segmenting (string-width's own fast path).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
// What can join code points into one grapheme cluster (UAX #29): marks and format characters
// (ZWJ, ZWNJ, Prepend), variation selectors, emoji modifiers, regional indicators, tags, Hangul jamo,
// and the few Prepend letters.
const JOINS_CLUSTERS =
  /[\p{M}\p{Cf}\u{1f1e6}-\u{1f1ff}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0d4e\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}]/u

const ELLIPSIS = '…'
let segmenter: Intl.Segmenter | undefined
const clusterWidths = new Map<string, number>()

/** Where a cut keeps its text: 'start' (the usual) or 'end' (a masked token's last characters). */
export type Keep = 'start' | 'end'

/** Columns `text` takes on a terminal. */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length
  let width = 0
  for (const cluster of clusters(text)) width += clusterWidth(cluster)
  return width
}

/**
 * `text` cut to at most `columns`, only between grapheme clusters, with an ellipsis where text
 * was left out: at the end, or at the start when `keep` is 'end'.
 */
export function fitWidth(text: string, columns: number, keep: Keep = 'start'): string {
  if (columns <= 0) return ''
  if (textWidth(text) <= columns) return text
  const room = columns - 1
  const parts = [...clusters(text)]
  if (keep === 'end') parts.reverse()
  const kept: string[] = []
  let used = 0
  for (const cluster of parts) {
    const width = clusterWidth(cluster)
    if (used + width > room) break
    kept.push(cluster)
    used += width
  }

  return keep === 'end' ? ELLIPSIS + kept.reverse().join('') : kept.join('') + ELLIPSIS
}

/** `text` padded with spaces to `columns`, on the right or (for numbers) on the left. */
export function padWidth(text: string, columns: number, align: 'left' | 'right' = 'left'): string {
  const gap = columns - textWidth(text)
  if (gap <= 0) return text
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap)
}

function clusters(text: string): Iterable<string> {
  if (!JOINS_CLUSTERS.test(text)) return text
  segmenter ??= new Intl.Segmenter()
  return Array.from(segmenter.segment(text), ({segment}) => segment)
}

function clusterWidth(cluster: string): number {
  if (cluster.length === 1 && cluster >= ' ' && cluster <= '~') return 1
  let width = clusterWidths.get(cluster)
  if (width === undefined) {
    width = stringWidth(cluster)
    // Bounded: one entry a distinct cluster, and service text is only so varied.
    if (clusterWidths.size < 10_000) clusterWidths.set(cluster, width)
  }

  return width
}
