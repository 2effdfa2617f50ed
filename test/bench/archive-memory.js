// M4 for test/bench/run.js: the peak RSS of the archive's readers over a million messages
// (issue 24): `archive sql "SELECT * FROM messages"` as TSV, --jsonl and --json, `archive export`
// as JSONL and CSV, and `archive search` with the largest --limit. Each reads rows as it writes
// them, so memory stays that of a page. Output goes to /dev/null (not a terminal: TSV).
import {mkdtempSync, rmSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {figuresAlone, fmtInt, fmtS, mbFromKb, mustRun, TIME_BIN, timed} from './lib.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const TARGET_MB = 150

/**
 * @param {{smoke: boolean, bin: string, tmp: string, log: (line: string) => void,
 *   rows: string[][], notes: string[], failures: string[]}} bench
 */
export async function memoryFigures(bench) {
  const {smoke, bin, tmp, log, rows, notes, failures} = bench
  const messages = smoke ? 100_000 : 1_000_000
  const dir = mkdtempSync(path.join(tmp, 'archive-memory-'))
  const db = path.join(dir, 'm4.db')
  try {
    log(`M4: an archive of ${fmtInt(messages)} messages in 100 chats, then its readers' peak RSS`)
    await mustRun('archive-fill.js', process.execPath, [path.join(here, 'archive-fill.js'), db, String(messages), '100'])
    const readers = [
      ['`archive sql "SELECT * FROM messages"` (TSV)', ['archive', 'sql', 'SELECT * FROM messages']],
      ['`archive sql "SELECT * FROM messages" --jsonl`', ['archive', 'sql', 'SELECT * FROM messages', '--jsonl']],
      ['`archive sql "SELECT * FROM messages" --json`', ['archive', 'sql', 'SELECT * FROM messages', '--json']],
      ['`archive export` (JSONL files)', ['archive', 'export', '--out', path.join(dir, 'jsonl')]],
      ['`archive export --format csv`', ['archive', 'export', '--format', 'csv', '--out', path.join(dir, 'csv')]],
      ['`archive search coffee --limit 100000 --json`', ['archive', 'search', 'coffee', '--limit', '100000', '--json']],
    ]
    for (const [label, args] of readers) {
      const run = await timed(process.execPath, [bin, ...args, '--db', db], {rssFile: path.join(tmp, 'm4.rss'), timeoutMs: 1_800_000})
      if (run.code !== 0) failures.push(`M4 ${label}: failed (${run.signal ?? run.code}): ${run.stderr.slice(-500)}`)
      const mb = mbFromKb(run.rssKb)
      rows.push([`M4 peak RSS of ${label}, ${fmtInt(messages)} messages`, `${mb.toFixed(1)} MB (${fmtS(run.ms)})`, '—', '—', `≤ ${TARGET_MB} MB`, mb <= TARGET_MB ? 'PASS' : 'MISS'])
      rmSync(path.join(dir, 'jsonl'), {recursive: true, force: true})
      rmSync(path.join(dir, 'csv'), {recursive: true, force: true})
    }

    notes.push(
      `M4: the archive is written straight into SQLite by test/bench/archive-fill.js (the CLI's schema and FTS triggers); peak RSS from ${TIME_BIN ? '`/usr/bin/time -f %M`' : 'VmHWM polled from /proc'}; stdout is /dev/null.`,
    )
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

// `node test/bench/archive-memory.js [--smoke]`: M4 alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await figuresAlone('archive-memory', memoryFigures)
