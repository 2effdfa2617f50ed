// The viewer's figures for test/bench/run.js: H1, `archive html` over a 100,000-message archive
// (time and peak RSS), and H2, the load time of its largest page in headless Chromium.
// --smoke runs them over 10,000 messages.
import {mkdtempSync, readdirSync, statSync} from 'node:fs'
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
  const messages = smoke ? 10_000 : 100_000
  const dir = mkdtempSync(path.join(tmp, 'html-'))
  const db = path.join(dir, 'archive.db')
  const site = path.join(dir, 'site')

  log(`H1: archiving ${messages} messages, then \`archive html\``)
  const sandbox = await startSandboxChild(path.join(here, 'sandbox-child.js'), messages)
  try {
    await mustRun('archive sync (H1)', process.execPath, [bin, 'archive', 'sync', '--db', db], {env: {...cleanEnv(sandbox), GROUPME_MAX_RPS: '0'}, timeoutMs: 1_800_000})
  } finally {
    await sandbox.stop()
  }

  const env = {PATH: process.env.PATH, HOME: dir, TZ: 'Europe/Berlin'}
  const h1 = await timed(process.execPath, [bin, 'archive', 'html', '--db', db, '--out', site, '--json'], {env, stdout: 'pipe', rssFile: path.join(tmp, 'h1.rss'), timeoutMs: 600_000})
  if (h1.code !== 0) {
    failures.push(`H1: archive html failed (${h1.signal ?? h1.code}): ${h1.stderr.slice(-1000)}`)
    return
  }

  const report = JSON.parse(h1.stdout.toString())
  const rssMB = mbFromKb(h1.rssKb)
  const total = messages + 45 // the sandbox's seed chats come along
  if (report.messages < messages || report.messages > total) failures.push(`H1: the site holds ${report.messages} messages, expected about ${total}`)
  const again = await mustRun('archive html, nothing new (H1)', process.execPath, [bin, 'archive', 'html', '--db', db, '--out', site, '--json'], {env, stdout: 'pipe'})
  const unchanged = JSON.parse(again.stdout.toString()).files
  if (unchanged.written !== 0) failures.push(`H1: a second run with nothing new wrote ${unchanged.written} files`)
  const pass = h1.ms <= 10_000 && rssMB <= 200
  rows.push([
    `H1 \`archive html\` over ${fmtInt(report.messages)} messages (${report.pages} pages, ${report.files.written} files)`,
    `${fmtS(h1.ms)}${h1.cpuMs === undefined ? '' : ` (${fmtS(h1.cpuMs)} of CPU)`}, peak RSS ${rssMB.toFixed(1)} MB`,
    `${fmtS(again.ms)} (the same run again, nothing new: ${unchanged.written} written, ${unchanged.unchanged} unchanged)`,
    '—',
    '≤ 10 s and ≤ 200 MB',
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
  } finally {
    await browser.close()
  }
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
