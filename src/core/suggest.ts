/**
 * "Did you mean": the candidates closest to what was typed, for mistyped commands, flags and
 * @names. Closeness is the edit distance (insertions, deletions, substitutions, and two letters
 * swapped), compared without regard to case.
 */

/** Edit distance between two strings (optimal string alignment: a swap of neighbours costs 1). */
export function editDistance(a: string, b: string): number {
  const left = [...a.toLowerCase()]
  const right = [...b.toLowerCase()]
  // rows[i][j]: the distance between the first i characters of left and the first j of right.
  const rows: number[][] = Array.from({length: left.length + 1}, (_, i) => [i, ...Array<number>(right.length).fill(0)])
  for (let j = 1; j <= right.length; j++) rows[0][j] = j
  for (let i = 1; i <= left.length; i++) {
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1)
      rows[i][j] = best
    }
  }

  return rows[left.length][right.length]
}

/** How many edits still count as a typo of a word this long: about one in three characters, at least one. */
export function typoBudget(word: string): number {
  return Math.max(1, Math.floor([...word].length / 3))
}

/**
 * The candidates within a typo of `typed`, closest first (ties keep their order); a candidate
 * that starts with what was typed counts as close too (`dm exp` for `dm export`).
 */
export function closestMatches(typed: string, candidates: readonly string[], limit = 3): string[] {
  const budget = typoBudget(typed)
  const wanted = typed.toLowerCase()
  return candidates
    .map((candidate, index) => ({candidate, index, distance: candidate.toLowerCase().startsWith(wanted) && wanted !== '' ? 0 : editDistance(typed, candidate)}))
    .filter(({distance}) => distance <= budget)
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, limit)
    .map(({candidate}) => candidate)
}
