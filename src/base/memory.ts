/**
 * For work that streams page after page through a small working set (`dm list --jsonl`, plain
 * output, `dm export`): keep V8's heap small, so peak memory stays flat however long the history.
 *
 * Paging allocates fast, and V8 answers by doubling the young generation again and again (to
 * 2 × 16 MB), then lets the old generation grow well past what is live before collecting it:
 * the peak grew with the length of the history. With these two flags it stays flat, in the same
 * time (docs/decisions/0006-memory-flags-only-on-streaming-paths.md; `npm run bench`, M1). V8 reads both each time it
 * sizes the heap, so they can be set while running. On Node 24, Maglev's compiled code grew
 * outside the heap page after page, so it is turned off here too, for what is compiled from now on
 * (docs/decisions/0074-no-maglev-on-streaming-paths.md). Not for `--json`, which holds every message
 * until the end: there the frequent collections cost more time than they save.
 */
export async function holdMemoryFlat(): Promise<void> {
  // Loaded here, not at start-up: node:v8 would slow every start (the same decision).
  const {setFlagsFromString} = await import('node:v8')
  setFlagsFromString('--semi-space-growth-factor=1')
  setFlagsFromString('--heap-growing-percent=10')
  setFlagsFromString('--no-maglev')
}
