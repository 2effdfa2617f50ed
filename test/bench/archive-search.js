#!/usr/bin/env node
// A3's search work, in one process: open the archive read-only, run each query ROUNDS times
// through the same function `archive search` calls, print {query: median ms} as JSON.
//
//   node test/bench/archive-search.js DB ROUNDS QUERY...
import {performance} from 'node:perf_hooks'

const [db, rounds, ...queries] = process.argv.slice(2)
const {openArchiveReadOnly} = await import(new URL('../../dist/lib/archive/schema.js', import.meta.url).href)
const {searchArchive} = await import(new URL('../../dist/lib/archive/search.js', import.meta.url).href)

const handle = await openArchiveReadOnly(db)
const result = {}
for (const query of queries) {
  const times = []
  let hits = 0
  for (let i = 0; i < Number(rounds); i++) {
    const started = performance.now()
    // Every hit read, as the command reads them while it prints.
    const {first, rest} = searchArchive(handle, query, {}, 50)
    hits = 0
    for (let next = first; !next.done; next = rest.next()) hits++
    times.push(performance.now() - started)
  }

  times.sort((a, b) => a - b)
  result[query] = {ms: times[times.length >> 1], hits}
}

handle.close()
process.stdout.write(JSON.stringify(result) + '\n')
