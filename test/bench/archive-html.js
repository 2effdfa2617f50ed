// The viewer's figures for test/bench/run.js: H1, `archive html` over a 1,000,000-message archive
// in 20 chats (time and peak RSS, then the same run again with nothing new), H2, the load time of
// its largest page in headless Chromium, and H3, a search of all chats for a common word on that
// site until its first 200 hits show. --smoke runs them over 20,000 messages.
//
// The archive is the sandbox's seed chats synced by the CLI, then the generated chats added with
// SQL in the archive's own schema (syncing a million messages through the sandbox would take most
// of an hour here and measure the sync, not the viewer).
import {mkdtempSync, readdirSync, statSync} from 'node:fs'
import {DatabaseSync} from 'node:sqlite'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {chromiumAvailable, CHROMIUM_PATH, launchChromium} from '../../scripts/chromium.js'
import {figuresAlone, fmtInt, fmtS, mbFromKb, median, mustRun, startSandboxChild, TIME_BIN, timed} from './lib.js'

const here = path.dirname(fileURLToPath(import.meta.url))

/**
 * @param {{smoke: boolean, runs: number, bin: string, tmp: string, log: (line: string) => void,
 *   rows: string[][], notes: string[], failures: string[], cleanEnv: (sandbox: object) => object}} bench
 */
export async function htmlFigures(bench) {
  const {smoke, runs, bin, tmp, log, rows, notes, failures, cleanEnv} = bench
  const messages = smoke ? 20_000 : 1_000_000
  const dir = mkdtempSync(path.join(tmp, 'html-'))
  const db = path.join(dir, 'archive.db')
  const site = path.join(dir, 'site')

  log(`H1: archiving the seed chats, adding ${messages} messages in ${CHATS} chats, then \`archive html\``)
  const sandbox = await startSandboxChild(path.join(here, 'sandbox-child.js'), 0)
  try {
    await mustRun('archive sync (H1)', process.execPath, [bin, 'archive', 'sync', '--db', db], {env: {...cleanEnv(sandbox), GROUPME_MAX_RPS: '0'}, timeoutMs: 600_000})
  } finally {
    await sandbox.stop()
  }

  addGeneratedChats(db, messages)

  const env = {PATH: process.env.PATH, HOME: dir, TZ: 'Europe/Berlin'}
  const h1 = await timed(process.execPath, [bin, 'archive', 'html', '--db', db, '--out', site, '--json'], {env, stdout: 'pipe', rssFile: path.join(tmp, 'h1.rss'), timeoutMs: 600_000})
  if (h1.code !== 0) {
    failures.push(`H1: archive html failed (${h1.signal ?? h1.code}): ${h1.stderr.slice(-1000)}`)
    return
  }

  const report = JSON.parse(h1.stdout.toString())
  const rssMB = mbFromKb(h1.rssKb)
  const total = messages + 100 // the sandbox's seed chats come along
  if (report.messages < messages || report.messages > total) failures.push(`H1: the site holds ${report.messages} messages, expected about ${total}`)
  const again = await mustRun('archive html, nothing new (H1)', process.execPath, [bin, 'archive', 'html', '--db', db, '--out', site, '--json'], {env, stdout: 'pipe'})
  const unchanged = JSON.parse(again.stdout.toString()).files
  if (unchanged.written !== 0) failures.push(`H1: a second run with nothing new wrote ${unchanged.written} files`)
  const pass = h1.ms <= 60_000 && rssMB <= 250 && again.ms <= 10_000
  rows.push([
    `H1 \`archive html\` over ${fmtInt(report.messages)} messages (${report.pages} pages, ${report.files.written} files)`,
    `${fmtS(h1.ms)}${h1.cpuMs === undefined ? '' : ` (${fmtS(h1.cpuMs)} of CPU)`}, peak RSS ${rssMB.toFixed(1)} MB`,
    `${fmtS(again.ms)} (the same run again, nothing new: ${unchanged.written} written, ${unchanged.unchanged} unchanged)`,
    '—',
    '≤ 60 s and ≤ 250 MB; again ≤ 10 s',
    pass ? 'PASS' : 'MISS',
  ])
  notes.push(`H1: peak RSS and CPU time from ${TIME_BIN ? '`/usr/bin/time`' : 'VmHWM polled from /proc (no CPU time)'}; load average ${os.loadavg()[0].toFixed(1)} when it ended; TZ=Europe/Berlin.`)

  // ---- H2: the largest page in Chromium, from file:// ---------------------------------------------
  if (!chromiumAvailable()) {
    rows.push(['H2 load of the largest page in headless Chromium', 'skipped', '—', '—', '≤ 1 s', `SKIP (no ${CHROMIUM_PATH})`])
    return
  }

  const largest = largestPage(path.join(site, 'chats'))
  log(`H2: loading ${path.relative(site, largest.path)} (${(largest.bytes / 1e6).toFixed(2)} MB) in Chromium, ${Math.max(runs, 5)} times`)
  const browser = await launchChromium({width: 1280, height: 900})
  try {
    const wall = []
    const loadEvent = []
    for (let i = 0; i < Math.max(runs, 5); i++) {
      const page = await browser.context.newPage()
      const start = process.hrtime.bigint()
      await page.goto(pathToFileURL(largest.path).href, {waitUntil: 'load'})
      wall.push(Number(process.hrtime.bigint() - start) / 1e6)
      loadEvent.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd))
      const count = await page.$$eval('main [id^="m-"]', (nodes) => nodes.length)
      if (count === 0) failures.push('H2: the largest page shows no message')
      await page.close()
    }

    const ms = median(wall)
    rows.push([
      `H2 load of the largest page (${(largest.bytes / 1e6).toFixed(2)} MB) in headless Chromium, from file://`,
      `${ms.toFixed(0)} ms (median of ${wall.length}, page.goto to the load event)`,
      `${median(loadEvent).toFixed(0)} ms (the page's own navigation timing, loadEventEnd)`,
      '—',
      '≤ 1 s',
      ms <= 1000 ? 'PASS' : 'MISS',
    ])

    // ---- H3: search all chats for a common word, until the first 200 hits show ------------------
    log(`H3: searching all chats for "${COMMON_WORD}" from index.html, ${Math.max(runs, 3)} times`)
    const firstHits = []
    const heaps = []
    let heading = ''
    for (let i = 0; i < Math.max(runs, 3); i++) {
      const page = await browser.context.newPage()
      await page.goto(pathToFileURL(path.join(site, 'index.html')).href, {waitUntil: 'load'})
      await page.fill('input[name=q]', COMMON_WORD)
      const start = process.hrtime.bigint()
      await page.click('form.search button')
      await page.locator('#search-results li').nth(199).waitFor({timeout: 60_000})
      firstHits.push(Number(process.hrtime.bigint() - start) / 1e6)
      await page.locator('#search-results h2', {hasText: /^[\d,]+ messages match/}).waitFor({timeout: 600_000})
      heading = await page.textContent('#search-results h2')
      // The page's JS heap once every page's index was read to count, after a full collection: what it still holds.
      const cdp = await browser.context.newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      heaps.push((await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6)
      await cdp.detach()
      await page.close()
    }

    const ms3 = median(firstHits)
    rows.push([
      `H3 search of all chats for "${COMMON_WORD}" on that site in headless Chromium, first 200 hits`,
      `${ms3.toFixed(0)} ms (median of ${firstHits.length}, click to the 200th hit shown)`,
      `then the exact count: ${heading}; the page's JS heap after counting, collected, ${Math.max(...heaps).toFixed(0)} MB (the index is ${(indexBytes(path.join(site, 'chats')) / 1e6).toFixed(0)} MB)`,
      '—',
      '≤ 1 s',
      ms3 <= 1000 ? 'PASS' : 'MISS',
    ])
  } finally {
    await browser.close()
  }
}

const CHATS = 20
const COMMON_WORD = 'pizza'
const WORDS = ['see', 'you', 'at', 'the', 'station', 'tomorrow', 'lunch', 'was', 'great', 'call', 'me', 'later', 'running', 'late', 'sounds', 'good', 'thanks', 'where', 'are', 'we', 'meeting']

/**
 * `count` messages in CHATS new chats, written with SQL in the archive's schema (each a row of
 * `chats` and its messages, ids and `num` ascending with time). One message in 7 says "pizza".
 */
export function addGeneratedChats(file, count) {
  const db = new DatabaseSync(file)
  try {
    const me = String(db.prepare("SELECT value FROM meta WHERE key = 'me'").get().value)
    const start = 1_700_000_000
    const perChat = Math.ceil(count / CHATS)
    const insertChat = db.prepare('INSERT INTO chats (id, other_user_id, other_user_name, created_at, updated_at, messages_count, raw) VALUES (?, ?, ?, ?, ?, ?, ?)')
    const insertUser = db.prepare('INSERT OR IGNORE INTO users (id, name, seen_at) VALUES (?, ?, ?)')
    const insert = db.prepare(
      `INSERT INTO messages (id, num, conversation_id, created_at, sender_id, user_id, sender_type, name, text, raw, archived_at)
       VALUES (?, ?, ?, ?, ?, ?, 'user', ?, ?, '{}', ?)`,
    )
    db.exec('BEGIN')
    for (let c = 0; c < CHATS; c++) {
      const other = String(400_000_001 + c)
      const name = `Generated ${c + 1}`
      const chat = `${me}+${other}`
      insertUser.run(other, name, start)
      insertChat.run(chat, other, name, start, start, perChat, '{}')
    }

    // Interleaved in time across the chats, as real chats are: message i is in chat i % CHATS.
    for (let i = 0; i < count; i++) {
      const c = i % CHATS
      const other = String(400_000_001 + c)
      const at = start + i * 30
      const mine = i % 3 === 0
      const words = Array.from({length: 4 + (i % 9)}, (_, w) => WORDS[(i * 7 + w * 13) % WORDS.length])
      if (i % 7 === 0) words.splice(i % words.length, 0, COMMON_WORD)
      // `num` is the id as a number, as the sync writes it (the seed's are from 2026, these from 2023).
      const id = `${at}${String(i).padStart(8, '0')}`
      insert.run(id, BigInt(id), `${me}+${other}`, at, mine ? me : other, mine ? me : other, mine ? 'Me' : `Generated ${c + 1}`, words.join(' '), at)
      if (i % 100_000 === 99_999) {
        db.exec('COMMIT')
        db.exec('BEGIN')
      }
    }

    db.exec('COMMIT')
  } finally {
    db.close()
  }
}

/** The bytes of every page's search index: what a search that held them all would hold. */
function indexBytes(chats) {
  let bytes = 0
  for (const chat of readdirSync(chats, {withFileTypes: true})) {
    if (!chat.isDirectory()) continue
    for (const file of readdirSync(path.join(chats, chat.name))) if (file.endsWith('.search.js')) bytes += statSync(path.join(chats, chat.name, file)).size
  }

  return bytes
}

function largestPage(chats) {
  let largest = {path: '', bytes: -1}
  for (const chat of readdirSync(chats, {withFileTypes: true})) {
    if (!chat.isDirectory()) continue
    for (const file of readdirSync(path.join(chats, chat.name))) {
      if (!/^\d+\.html$/.test(file)) continue
      const bytes = statSync(path.join(chats, chat.name, file)).size
      if (bytes > largest.bytes) largest = {path: path.join(chats, chat.name, file), bytes}
    }
  }

  return largest
}

// `node test/bench/archive-html.js [--smoke] [--runs N]`: H1 and H2 alone. Needs `npm run compile` first.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await figuresAlone('html', htmlFigures)
