// Spawned, not in-process (test/helpers/run-in-process.ts): the pages' times follow the process's TZ, read by Intl at start.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {ALICE, chatPartner, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from './helpers/cli.js'

let sandbox: Sandbox
let db: string
let work: string

beforeAll(async () => {
  sandbox = await startSandbox({chats: 2, messagesPerChat: 2300})
  work = mkdtempSync(join(tmpdir(), 'groupme-html-e2e-'))
  db = join(work, 'archive.db')
  expect((await runCli(['archive', 'sync', '--db', db, '--media'], {sandbox})).code).toBe(0)
}, 60_000)

afterAll(async () => {
  await sandbox?.close()
})

const html = (...args: string[]) => runCli(['archive', 'html', '--db', db, ...args], {sandbox, env: {TZ: 'Europe/Berlin'}})

/** Every file of the site and its mtime, by path relative to the site. */
function files(dir: string): Map<string, number> {
  const found = new Map<string, number>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else found.set(relative(dir, path), statSync(path).mtimeMs)
    }
  }

  walk(dir)
  return found
}

describe('archive html', () => {
  test('a second run rewrites nothing; after a sync only the pages and lists that changed are rewritten', async () => {
    const site = join(work, 'site')
    const first = await html('--out', site, '--json')
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const report = JSON.parse(first.stdout)
    expect(report).toMatchObject({dir: site, open: `file://${site}/index.html`, chats: 7, pages: 11, images: {placed: 1, missing: 0}, timeZone: 'Europe/Berlin'})
    expect(report.files.written).toBe(files(site).size - 1) // all but the manifest
    const before = files(site)

    const again = JSON.parse((await html('--out', site, '--json')).stdout)
    expect(again.files).toEqual({written: 0, unchanged: report.files.written, removed: 0})
    expect(files(site)).toEqual(before)

    // Three new messages in a chat of 2,300: its third page, that page's index, its list of pages and the chat list change.
    const partner = chatPartner(0).id
    sandbox.store.addMessages(partner, 3, {text: (i) => `brand new ${i}`})
    expect((await runCli(['archive', 'sync', '--db', db], {sandbox})).code).toBe(0)
    const third = JSON.parse((await html('--out', site, '--json')).stdout)
    const after = files(site)
    const changed = [...after].filter(([path, mtime]) => before.get(path) !== mtime).map(([path]) => path).sort()
    const chat = `chats/93645911+${partner}`
    expect(changed).toEqual([`${chat}/0003.html`, `${chat}/0003.search.js`, `${chat}/index.html`, 'groupme-site.json', 'index.html'].sort())
    expect(third.files).toEqual({written: 4, unchanged: report.files.written - 4, removed: 0})
    expect(readFileSync(join(site, chat, '0003.html'), 'utf8')).toContain('brand new 2')
  })

  test('--chat makes a site of that chat alone, removing the files of the others it wrote before', async () => {
    const site = join(work, 'one')
    expect((await html('--out', site)).code).toBe(0)
    const result = await html('--out', site, '--chat', '@alice', '--json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({chats: 1, pages: 1})
    expect(report.files.removed).toBeGreaterThan(10)
    expect(readdirSync(join(site, 'chats')).sort()).toEqual([`93645911+${ALICE.id}`, 'catalog.js'])
    const index = readFileSync(join(site, 'index.html'), 'utf8')
    expect(index).toContain('Alice Example')
    expect(index).not.toContain('Partner 1')
  })

  test('a folder that holds other files is refused, and nothing is written into it', async () => {
    const site = join(work, 'taken')
    mkdirSync(site)
    writeFileSync(join(site, 'index.html'), 'mine')
    const result = await html('--out', site)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(site)
    expect(readdirSync(site)).toEqual(['index.html'])
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toBe('mine')
  })

  test('a first run cut short (its manifest written, its pages not all) is taken up by the next', async () => {
    const site = join(work, 'cut')
    mkdirSync(join(site, 'chats'), {recursive: true})
    writeFileSync(join(site, 'groupme-site.json'), JSON.stringify({application: 'groupme-archive-html', version: 1, files: {}}))
    writeFileSync(join(site, 'chats', 'catalog.js'), 'half')
    const result = await html('--out', site, '--json')
    expect(result.code).toBe(0)
    expect(readFileSync(join(site, 'chats', 'catalog.js'), 'utf8')).toMatch(/^GroupMeSearch\.catalog\(/)
  })

  test('the printed lines say what was written and the address to open', async () => {
    const site = join(work, 'plain')
    const result = await html('--out', site)
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^Wrote 7 chats, 4,6\d\d messages in 11 pages to .*; times in Europe\/Berlin\)$/)
    expect(lines[1]).toBe(`Open file://${site}/index.html`)
  })

  test('no archive is exit 9, before anything is written', async () => {
    const site = join(work, 'none')
    const result = await runCli(['archive', 'html', '--db', join(work, 'missing.db'), '--out', site])
    expect(result.code).toBe(9)
    expect(() => readdirSync(site)).toThrow()
  })
})
