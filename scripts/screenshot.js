#!/usr/bin/env node
// `npm run screenshot`: docs/viewer.png, the README's picture of `archive html`, made from the
// sandbox's archive by the same Chromium the browser tests use, so it shows what the code writes.
// Debian's Chromium draws emoji (reactions, pins, files) only with a colour emoji font installed:
// apt-get install -y fonts-noto-color-emoji (without it they are empty boxes in the picture).
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {chromiumAvailable, CHROMIUM_PATH, launchChromium} from './chromium.js'
import {ALICE, startSandbox} from '../dist/sandbox/index.js'

if (!chromiumAvailable()) {
  console.error(`screenshot: no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`)
  process.exit(1)
}

const root = fileURLToPath(new URL('..', import.meta.url))
const out = join(root, 'docs', 'viewer.png')
const work = mkdtempSync(join(tmpdir(), 'groupme-screenshot-'))
const sandbox = await startSandbox()
try {
  const env = {PATH: process.env.PATH, HOME: work, NODE_ENV: 'production', GROUPME_CONFIG_DIR: work, TZ: 'America/New_York', ...sandbox.env}
  // Spawned, not spawnSync: the sandbox answers from this process.
  const groupme = (...args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bin/run.cjs'), ...args], {env, stdio: ['ignore', 'ignore', 'pipe']})
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`groupme ${args.join(' ')} exited ${code}: ${stderr}`))))
    })

  const db = join(work, 'archive.db')
  const site = join(work, 'site')
  await groupme('archive', 'sync', '--db', db, '--media')
  await groupme('archive', 'html', '--db', db, '--out', site)
  const conversation = sandbox.store.conversation(ALICE.id).id
  const browser = await launchChromium({width: 900, height: 1650})
  try {
    const page = await browser.context.newPage()
    await page.goto(pathToFileURL(join(site, 'chats', conversation, '0001.html')).href)
    await page.screenshot({path: out})
  } finally {
    await browser.close()
  }

  console.log(`wrote ${out}`)
} finally {
  await sandbox.close()
  rmSync(work, {recursive: true, force: true})
}
