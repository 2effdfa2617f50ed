// Spawned, not in-process (test/helpers/run-in-process.ts): the pages' times follow the process's TZ, read by Intl at start.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {openDatabase} from '../../src/lib/archive/sqlite.js'
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

/** Every file of the site and its bytes (as hex), by path relative to the site. */
function contents(dir: string): Map<string, string> {
  return new Map([...files(dir).keys()].map((path) => [path, readFileSync(join(dir, path)).toString('hex')]))
}

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
    // The seed's picture (sent twice, stored once), its video and its file, saved by sync --media, and the avatar.
    expect(report).toMatchObject({dir: site, open: `file://${site}/index.html`, chats: 7, pages: 11, images: {placed: 4, missing: 0}, timeZone: 'Europe/Berlin'})
    expect(report.files.written).toBe(files(site).size - 1) // all but the manifest
    const before = files(site)

    const again = JSON.parse((await html('--out', site, '--json')).stdout)
    expect(again.files).toEqual({written: 0, unchanged: report.files.written, removed: 0, kept: 0})
    expect(files(site)).toEqual(before)

    // Three new messages in a chat of 2,300: its third page, that page's index, its list of pages and the chat list change.
    const partner = chatPartner(0).id
    sandbox.store.addMessages(partner, 3, {text: (i) => `brand new ${i}`})
    expect((await runCli(['archive', 'sync', '--db', db], {sandbox})).code).toBe(0)
    const third = JSON.parse((await html('--out', site, '--json')).stdout)
    const after = files(site)
    const changed = [...after].filter(([path, mtime]) => before.get(path) !== mtime).map(([path]) => path).sort()
    const chat = `chats/93645911+${partner}`
    expect(changed).toEqual([`${chat}/0003.html`, `${chat}/0003.search.js`, `${chat}/index.html`, 'chats/catalog.js', 'groupme-site.json', 'index.html'].sort())
    expect(third.files).toEqual({written: 5, unchanged: report.files.written - 5, removed: 0, kept: 0})
    expect(readFileSync(join(site, chat, '0003.html'), 'utf8')).toContain('brand new 2')
  })

  test('--chat rewrites that chat and the index; every other chat\'s files stay byte-identical, none removed', async () => {
    const site = join(work, 'one')
    expect((await html('--out', site)).code).toBe(0)
    const before = contents(site)
    const alice = `chats/93645911+${ALICE.id}/`
    sandbox.store.addMessages(ALICE.id, 1, {text: () => 'only alice changes'})
    expect((await runCli(['archive', 'sync', '--db', db], {sandbox})).code).toBe(0)
    const result = await html('--out', site, '--chat', '@alice', '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({chats: 7, files: {removed: 0, kept: 0}})
    const after = contents(site)
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path)).sort()
    expect(changed).toEqual([`${alice}0001.html`, `${alice}0001.search.js`, `${alice}index.html`, 'chats/catalog.js', 'groupme-site.json', 'index.html'].sort())
    expect([...before.keys()].filter((path) => !after.has(path))).toEqual([])
    const index = readFileSync(join(site, 'index.html'), 'utf8')
    expect(index).toContain('Alice Example')
    expect(index).toContain('Partner 1')
    // A full run afterwards rewrites only what --chat did not (nothing): the two agree.
    expect(JSON.parse((await html('--out', site, '--json')).stdout).files).toMatchObject({written: 0, removed: 0})
  })

  test('--chat into a new folder makes a site of that chat alone', async () => {
    const site = join(work, 'alone')
    const result = await html('--out', site, '--chat', '@alice', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({chats: 1, pages: 1})
    expect(readdirSync(join(site, 'chats')).sort()).toEqual([`93645911+${ALICE.id}`, 'catalog.js'])
  })

  test('a symlinked chat folder inside the site is refused (exit 2): nothing lands outside the site', async () => {
    const site = join(work, 'linked')
    const outside = mkdtempSync(join(tmpdir(), 'groupme-html-outside-'))
    mkdirSync(join(site, 'chats'), {recursive: true})
    writeFileSync(join(site, 'groupme-site.json'), JSON.stringify({application: 'groupme-archive-html', version: 2, files: {}}))
    symlinkSync(outside, join(site, 'chats', `93645911+${ALICE.id}`))
    const result = await html('--out', site)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`93645911+${ALICE.id} is a link`)
    expect(readdirSync(outside)).toEqual([])
  })

  test('a forged manifest and a symlinked folder delete nothing outside the site (exit 2)', async () => {
    const site = join(work, 'forged')
    const outside = mkdtempSync(join(tmpdir(), 'groupme-html-outside-'))
    writeFileSync(join(outside, 'precious.txt'), 'keep me')
    const sha256 = createHash('sha256').update('keep me').digest('hex')
    mkdirSync(join(site, 'chats'), {recursive: true})
    symlinkSync(outside, join(site, 'chats', 'gone'))
    writeFileSync(
      join(site, 'groupme-site.json'),
      JSON.stringify({application: 'groupme-archive-html', version: 2, files: {'chats/gone/precious.txt': {sha256, bytes: 7}}}),
    )
    for (const args of [['--out', site], ['--out', site, '--chat', '@alice']]) {
      const result = await html(...args)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('is a link')
      expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('keep me')
    }

    // A path outside the layout (`..`) makes the manifest not this command's: refused, nothing emptied.
    writeFileSync(join(site, 'groupme-site.json'), JSON.stringify({application: 'groupme-archive-html', version: 2, files: {'../x': {sha256, bytes: 7}}}))
    const refused = await html('--out', site)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('not a site this command wrote')
    expect(readdirSync(site).sort()).toEqual(['chats', 'groupme-site.json'])
  })

  test('only what the site wrote is removed: a page someone changed stays when its chat leaves the archive', async () => {
    const copy = join(work, 'shrunk.db')
    copyFileSync(db, copy)
    const site = join(work, 'shrinking')
    const run = (...args: string[]) => runCli(['archive', 'html', '--db', copy, '--out', site, ...args], {sandbox, env: {TZ: 'Europe/Berlin'}})
    expect((await run()).code).toBe(0)
    const gone = `chats/93645911+${chatPartner(1).id}`
    writeFileSync(join(site, gone, '0002.html'), 'my notes')
    const handle = await openDatabase(copy)
    handle.prepare('DELETE FROM messages WHERE conversation_id = ?').run(`93645911+${chatPartner(1).id}`)
    handle.prepare('DELETE FROM chats WHERE id = ?').run(`93645911+${chatPartner(1).id}`)
    handle.close()
    const result = await run('--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).files).toMatchObject({kept: 1})
    expect(readdirSync(join(site, gone))).toEqual(['0002.html'])
    expect(readFileSync(join(site, gone, '0002.html'), 'utf8')).toBe('my notes')
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toContain('Partner 2')
  })

  test('a run that fails half way leaves the previous site readable: its index and every page it links', async () => {
    const site = join(work, 'interrupted')
    expect((await html('--out', site)).code).toBe(0)
    const index = readFileSync(join(site, 'index.html'), 'utf8')
    const partner = chatPartner(0).id
    sandbox.store.addMessages(partner, 800, {text: (i) => `overflow ${i}`})
    expect((await runCli(['archive', 'sync', '--db', db], {sandbox})).code).toBe(0)
    // The page the new messages need is in the way (a folder): the run stops there.
    mkdirSync(join(site, `chats/93645911+${partner}/0004.html`))
    const result = await html('--out', site)
    expect(result.code).not.toBe(0)
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toBe(index)
    for (const [, href] of index.matchAll(/href="(chats\/[^"#]+)"/g)) expect(statSync(join(site, href)).isFile()).toBe(true)
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
    expect(lines[0]).toMatch(/^Wrote 7 chats, \d,\d{3} messages in \d+ pages to .*; times in Europe\/Berlin\)$/)
    expect(lines[1]).toBe(`Open file://${site}/index.html`)
  })

  test('no archive is exit 9, before anything is written', async () => {
    const site = join(work, 'none')
    const result = await runCli(['archive', 'html', '--db', join(work, 'missing.db'), '--out', site])
    expect(result.code).toBe(9)
    expect(() => readdirSync(site)).toThrow()
  })
})
