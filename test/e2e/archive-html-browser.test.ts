/**
 * `archive html` opened in a real browser: Debian's Chromium through playwright-core, from
 * file://, as a person would open the site. Without /usr/bin/chromium these tests are skipped
 * with a message, except in CI (CI=true), where .ci/run installs it and they must run.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {BrowserContext, Page} from 'playwright-core'
import {chromiumAvailable, CHROMIUM_PATH, launchChromium} from '../../scripts/chromium.js'
import {openDatabase} from '../../src/lib/archive/sqlite.js'
import {ALICE, CAROL, chatPartner, MALLORY, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from './helpers/cli.js'

// The callbacks given to page.evaluate and $eval run in the page; the tests' build has no DOM
// library (it would change the types of Node's own fetch), so the little they use is declared here.
interface PageRect {
  left: number
  right: number
}
declare const document: {
  createRange(): {setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getBoundingClientRect(): PageRect}
  images: Iterable<{currentSrc: string; complete: boolean}>
  documentElement: {scrollWidth: number}
  querySelectorAll(selector: string): Iterable<{getBoundingClientRect(): PageRect}>
}
declare const Node: {TEXT_NODE: number}
interface LoadedImage {
  currentSrc: string
  naturalWidth: number
  parentElement: {getAttribute(name: string): string | null} | null
}

const LONG_WORD = 'Supercalifragilistic'.repeat(12)
const CONTROLS = 'colour \u001b[31mred\u001b[0m, a bell\u0007 and a zero\u200bwidth space'
const FILE_BYTES = Buffer.from('quarter,amount\nQ1,1200\nQ2,1350\n')
const XSS = '<script>alert(1)</script> and <img src=x onerror=alert(1)>'
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'viewer')
const runInBrowser = chromiumAvailable() || process.env.CI !== undefined
if (!runInBrowser) {
  console.warn(`archive html browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium); CI runs them always`)
}

const describeInBrowser = runInBrowser ? describe : describe.skip

interface ArchivedChat {
  id: string
  name: string
  ids: string[]
}

describeInBrowser('archive html in Chromium', () => {
  let sandbox: Sandbox
  let work: string
  let site: string
  let db: string
  let chats: ArchivedChat[]
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let context: BrowserContext
  const requests: string[] = []
  const dialogs: string[] = []
  const pageErrors: string[] = []

  const open = async (path: string, width = 1280): Promise<Page> => {
    const page = await context.newPage()
    await page.setViewportSize({width, height: 900})
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    const [file, hash] = path.split('#')
    await page.goto(pathToFileURL(join(site, file)).href + (hash === undefined ? '' : `#${hash}`))
    return page
  }

  beforeAll(async () => {
    // The seed's chats (images, replies, reactions, RTL, Mallory's BiDi override) and two chats of three pages each.
    sandbox = await startSandbox({chats: 2, messagesPerChat: 2300})
    sandbox.store.addMessages(ALICE.id, 1, {text: () => XSS})
    sandbox.store.addMessages(ALICE.id, 1, {text: () => CONTROLS})
    sandbox.store.addMessages(ALICE.id, 1, {text: () => `${LONG_WORD} https://example.com/${'path/'.repeat(40)}`})
    // A reply to Mallory's overridden file name: the name and the quote share one line.
    const spoof = sandbox.store.messages(MALLORY.id).find((message) => message.text?.includes('\u202e'))!
    sandbox.store.insert({
      senderId: MALLORY.id,
      otherUserId: MALLORY.id,
      createdAt: spoof.created_at + 3600,
      text: 'see above',
      attachments: [{type: 'reply', user_id: MALLORY.id, reply_id: spoof.id, base_reply_id: spoof.id}],
    })
    // The search's order: 260 older matches in Partner 2's chat, one in Alice's (first in id order),
    // the newest in Carol's; Partner 1's chat has the latest message (no match), so it is first in the index.
    const latest = Math.max(...[ALICE, CAROL, chatPartner(0), chatPartner(1)].flatMap((user) => sandbox.store.messages(user.id).map((message) => message.created_at)))
    const say = (user: {id: string}, at: number, text: string) => sandbox.store.insert({senderId: user.id, otherUserId: user.id, createdAt: latest + at, text})
    for (let i = 0; i < 260; i++) say(chatPartner(1), 100 + i, `zebra crossing ${i}`)
    say(ALICE, 600, 'a zebra at Alice')
    say(CAROL, 700, 'the newest zebra')
    say(chatPartner(0), 800, 'nothing striped here')
    // A reply on the chat's last page to a message on its first.
    const answered = sandbox.store.messages(chatPartner(0).id)[10]
    sandbox.store.insert({
      senderId: chatPartner(0).id,
      otherUserId: chatPartner(0).id,
      createdAt: latest + 900,
      text: 'about that early one',
      attachments: [{type: 'reply', user_id: chatPartner(0).id, reply_id: answered.id, base_reply_id: answered.id}],
    })
    work = mkdtempSync(join(tmpdir(), 'groupme-html-browser-'))
    db = join(work, 'archive.db')
    site = join(work, 'site')
    const synced = await runCli(['archive', 'sync', '--db', db, '--media'], {sandbox})
    expect(synced.code).toBe(0)
    // An edit the archive sees happen: the earlier text is kept (message_revisions).
    const edited = sandbox.store.messages(ALICE.id).find((message) => message.text === 'Sure, later tonight')!
    sandbox.store.edit(edited, 'Sure, tomorrow morning')
    expect((await runCli(['archive', 'sync', '--db', db, '--refresh', '5000d'], {sandbox})).code).toBe(0)
    const written = await runCli(['archive', 'html', '--db', db, '--out', site], {sandbox, env: {TZ: 'America/New_York'}})
    expect(written.stderr).toBe('')
    expect(written.code).toBe(0)
    const handle = await openDatabase(db, {readOnly: true})
    try {
      chats = handle.prepare('SELECT id, other_user_name AS name FROM chats').all().map((row) => ({
        id: String(row.id),
        name: String(row.name),
        ids: handle.prepare('SELECT id FROM messages WHERE conversation_id = ? ORDER BY num').all(row.id as string).map((message) => String(message.id)),
      }))
    } finally {
      handle.close()
    }

    browser = await launchChromium()
    context = browser.context
    context.on('request', (request) => requests.push(request.url()))
    mkdirSync(ARTIFACTS, {recursive: true})
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await sandbox?.close()
  })

  test('the index lists every chat with its message count', async () => {
    const page = await open('index.html')
    const rows = await page.$$eval('table.chats tbody tr', (trs) =>
      trs.map((tr) => ({
        href: tr.querySelector('td.name a')?.getAttribute('href') ?? '',
        name: tr.querySelector('td.name')?.textContent?.trim() ?? '',
        count: Number(tr.querySelector('td.count')?.textContent?.replace(/,/g, '')),
      })),
    )
    expect(rows).toHaveLength(chats.length)
    for (const chat of chats) {
      const row = rows.find((candidate) => candidate.href.startsWith(`chats/${chat.id}/`))
      // Control characters in a name are shown as escapes (\u001b); the rest is the name as sent.
      expect({chat: chat.id, name: row?.name, count: row?.count}).toEqual({
        chat: chat.id,
        name: chat.name.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
        count: chat.ids.length,
      })
    }

    await page.close()
  })

  test("a chat's pages, followed from the first by their Newer links, hold every message exactly once", async () => {
    for (const chat of chats) {
      const seen: string[] = []
      let path: string | undefined = `chats/${chat.id}/0001.html`
      let pages = 0
      while (path !== undefined) {
        const page = await open(path)
        seen.push(...(await page.$$eval('main [id^="m-"]', (nodes) => nodes.map((node) => node.id.slice(2)))))
        const next = await page.$$eval('header.top .pager a[rel="next"]', (links) => links[0]?.getAttribute('href') ?? null)
        // A chat of one page has no pager at all.
        if (pages === 0 && next === null) expect(await page.$$('.pager')).toHaveLength(0)
        path = next === null ? undefined : `chats/${chat.id}/${next}`
        pages++
        await page.close()
      }

      expect({chat: chat.id, pages: pages >= Math.ceil(chat.ids.length / 1000), ids: seen}).toEqual({chat: chat.id, pages: true, ids: chat.ids})
    }

    expect(chats.some((chat) => chat.ids.length > 2000)).toBe(true)
  }, 120_000)

  test('an image loads from the local copy of the media store and opens full size', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    const images = await page.$$eval('a.image img', (imgs) =>
      (imgs as unknown as LoadedImage[]).map((img) => ({src: img.currentSrc, href: img.parentElement?.getAttribute('href')})),
    )
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const image of images) {
      await page.waitForFunction((src) => [...document.images].some((img) => img.currentSrc === src && img.complete), image.src)
      expect(image.src.startsWith(pathToFileURL(join(site, 'media')).href + '/')).toBe(true)
      expect(image.href).toMatch(/^\.\.\/\.\.\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/)
    }

    const widths = await page.$$eval('a.image img', (imgs) => (imgs as unknown as LoadedImage[]).map((img) => img.naturalWidth))
    expect(widths.every((width) => width > 0)).toBe(true)
    const file = decodeURIComponent(new URL(images[0].src).pathname)
    const stored = join(db, '..', 'archive-media', file.split('/media/')[1])
    expect(readFileSync(file)).toEqual(readFileSync(stored))
    await page.close()
  })

  test('<script> and <img onerror> in a message are text, and no dialog opens', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    await page.waitForLoadState('load')
    const texts = await page.$$eval('.msg .text', (nodes) => nodes.map((node) => node.textContent))
    expect(texts).toContain(XSS)
    expect(await page.$$eval('script', (scripts) => scripts.map((script) => script.getAttribute('src')))).toEqual(['../../assets/viewer.js'])
    expect(await page.$eval('meta[http-equiv="Content-Security-Policy"]', (meta) => meta.getAttribute('content'))).toMatch(/^default-src 'none'; img-src 'self';/)
    expect(await page.$$eval('img', (imgs) => imgs.filter((img) => img.getAttribute('src') === 'x' || img.hasAttribute('onerror')).length)).toBe(0)
    await page.waitForTimeout(200)
    expect(dialogs).toEqual([])
    await page.close()
  })

  test('a BiDi override stays inside its message', async () => {
    const mallory = chats.find((chat) => chat.id.includes(MALLORY.id))!
    const page = await open(`chats/${mallory.id}/0001.html`)
    // Left to right means each character starts further right than the one before it.
    const inOrder = (selector: string) =>
      page.$eval(selector, (node) => {
        const text = [...node.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim() !== '')!
        const lefts: number[] = []
        for (let i = 0; i < text.textContent!.length; i++) {
          const range = document.createRange()
          range.setStart(text, i)
          range.setEnd(text, i + 1)
          lefts.push(range.getBoundingClientRect().left)
        }

        return lefts.every((left, i) => i === 0 || left > lefts[i - 1])
      })
    const messages = await page.$$eval('.msg', (nodes) => nodes.map((node) => ({id: node.id, text: node.querySelector('.text')?.textContent})))
    const overridden = messages.findIndex((message) => message.text?.includes('\u202e'))
    expect(overridden).toBeGreaterThanOrEqual(0)
    const after = messages[overridden + 1]
    expect(after.text).toBe('Nice try.')
    expect(await inOrder(`#${after.id} .text`)).toBe(true)
    expect(await inOrder(`#${messages[overridden].id} time`)).toBe(true)
    // In a reply, the name (with its own override) comes after the arrow, and the quote wholly after the name.
    const reply = await page.$eval('a.reply', (link) => ({
      who: link.querySelector('.who')!.getBoundingClientRect().left,
      whoEnd: link.querySelector('.who')!.getBoundingClientRect().right,
      quote: link.querySelector('.snippet')!.getBoundingClientRect().left,
      arrow: (() => {
        const range = document.createRange()
        range.setStart(link.firstChild!, 0)
        range.setEnd(link.firstChild!, 1)
        return range.getBoundingClientRect().left
      })(),
    }))
    expect(reply.arrow).toBeLessThan(reply.who)
    expect(reply.whoEnd).toBeLessThanOrEqual(reply.quote)
    // The override inside the sender's name does not turn the page's own words around.
    expect(await inOrder('p.sub')).toBe(true)
    await page.close()
  })

  test('the search box finds a known message in a chat, and across chats from the index', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    await page.fill('input[name=q]', 'cafe muller')
    await page.click('form.search button')
    await page.waitForSelector('#search-results li')
    const hits = await page.$$eval('#search-results li', (items) => items.map((item) => item.textContent))
    expect(hits).toHaveLength(1)
    expect(hits[0]).toContain('Sounds good — see you at Café Müller')
    await page.close()

    // A message in the middle of a generated chat, on its second page.
    const partner = chats.find((chat) => chat.id.includes(chatPartner(1).id))!
    const wanted = partner.ids[1500]
    const handle = await openDatabase(db, {readOnly: true})
    const text = String(handle.prepare('SELECT text FROM messages WHERE id = ?').get(wanted)?.text)
    handle.close()
    const index = await open('index.html')
    expect(await index.$$eval('script', (scripts) => scripts.length)).toBe(1)
    await index.fill('input[name=q]', text)
    await index.click('form.search button')
    await index.waitForSelector('#search-results li')
    const links = await index.$$eval('#search-results li a', (anchors) => anchors.map((anchor) => anchor.getAttribute('href')))
    expect(links).toContain(`chats/${partner.id}/0002.html#m-${wanted}`)
    await index.click(`#search-results a[href$="#m-${wanted}"]`)
    await index.waitForURL(`**/0002.html#m-${wanted}`)
    expect(await index.$eval(':target .text', (node) => node.textContent)).toBe(text)
    await index.close()
  })

  test('a search of all chats lists the newest matches first across every chat, 200 at a time, with the exact count', async () => {
    const index = await open('index.html')
    expect(await index.$eval('table.chats tbody tr td.name', (td) => td.textContent)).toBe(chatPartner(0).name)
    await index.fill('input[name=q]', 'Zebra')
    await index.click('form.search button')
    await index.locator('#search-results h2', {hasText: /^262 messages match “Zebra”, the newest 200 shown$/}).waitFor()
    const hits = () =>
      index.$$eval('#search-results li', (items) =>
        items.map((item) => ({chat: item.querySelector('.hit-chat')?.textContent, time: item.querySelector('time')?.textContent ?? '', text: item.querySelector('.hit-text')?.textContent})),
      )
    const first = await hits()
    expect(first).toHaveLength(200)
    expect(first.slice(0, 3)).toEqual([
      {chat: CAROL.name, time: expect.any(String), text: 'the newest zebra'},
      {chat: ALICE.name, time: expect.any(String), text: 'a zebra at Alice'},
      {chat: chatPartner(1).name, time: expect.any(String), text: 'zebra crossing 259'},
    ])
    expect(first.map((hit) => hit.time)).toEqual(first.map((hit) => hit.time).sort().reverse())
    expect(await index.textContent('#search-results button.more')).toBe('Show 62 more')
    await index.click('#search-results button.more')
    await index.locator('#search-results li').nth(261).waitFor()
    const all = await hits()
    expect(all.map((hit) => hit.text)).toEqual(['the newest zebra', 'a zebra at Alice', ...Array.from({length: 260}, (_, i) => `zebra crossing ${259 - i}`)])
    expect(await index.isHidden('#search-results button.more')).toBe(true)
    await index.close()

    // Within a chat the same: its newest first, the exact count.
    const partner = chats.find((chat) => chat.id.includes(chatPartner(1).id))!
    const page = await open(`chats/${partner.id}/0001.html`)
    await page.fill('input[name=q]', 'zebra')
    await page.click('form.search button')
    await page.locator('#search-results h2', {hasText: /^260 messages match “zebra”, the newest 200 shown$/}).waitFor()
    expect(await page.$eval('#search-results li .hit-text', (node) => node.textContent)).toBe('zebra crossing 259')
    await page.close()
  })

  test('a chat link opens a 2,000-message chat at its newest message, scrolled to the end, without a click', async () => {
    const partner = chats.find((chat) => chat.id.includes(chatPartner(0).id))!
    expect(partner.ids.length).toBeGreaterThan(2000)
    const index = await open('index.html')
    const href = await index.$eval(`td.name a[href^="chats/${partner.id}/"]`, (link) => link.getAttribute('href'))
    await index.close()
    expect(href).toBe(`chats/${partner.id}/0003.html#end`)
    const page = await open(href!)
    const newest = partner.ids.at(-1)!
    const box = await page.$eval(`[id="m-${newest}"]`, (node) => {
      const rect = node.getBoundingClientRect()
      return {top: rect.top, bottom: rect.bottom, height: (globalThis as unknown as {innerHeight: number}).innerHeight}
    })
    expect(box.top).toBeGreaterThanOrEqual(0)
    expect(box.bottom).toBeLessThanOrEqual(box.height)
    await page.close()
  })

  test('a reply links to its target on another page, and #<id> alone is a permalink', async () => {
    const partner = chats.find((chat) => chat.id.includes(chatPartner(0).id))!
    const target = partner.ids[10]
    const page = await open(`chats/${partner.id}/0003.html`)
    const reply = page.locator('.msg', {has: page.locator('.bubble > .text', {hasText: 'about that early one'})}).locator('a.reply')
    expect(await reply.getAttribute('href')).toBe(`0001.html#m-${target}`)
    await reply.click()
    await page.waitForURL(`**/0001.html#m-${target}`)
    expect(await page.$eval(':target', (node) => node.id)).toBe(`m-${target}`)
    await page.close()
    const bare = await open(`chats/${partner.id}/0001.html#${target}`)
    await bare.waitForURL(`**/0001.html#m-${target}`)
    expect(await bare.$eval(':target', (node) => node.id)).toBe(`m-${target}`)
    await bare.close()
  })

  test('the months list opens the right page at the right day, with each month\'s count', async () => {
    const partner = chats.find((chat) => chat.id.includes(chatPartner(1).id))!
    const overview = await open(`chats/${partner.id}/index.html`)
    const months = await overview.$$eval('ol.months li', (items) =>
      items.map((item) => ({href: item.querySelector('a')!.getAttribute('href')!, count: Number(item.querySelector('.count')!.textContent!.replace(/\D/g, ''))})),
    )
    await overview.close()
    expect(months.length).toBeGreaterThan(1)
    expect(months.reduce((sum, month) => sum + month.count, 0)).toBe(partner.ids.length)
    // The oldest month opens the first page at its first day; every month's link lands on a heading of that month.
    expect(months.at(-1)!.href).toMatch(/^0001\.html#d-\d{4}-\d{2}-\d{2}$/)
    for (const month of [months[0], months.at(-1)!, months[Math.floor(months.length / 2)]]) {
      const page = await open(`chats/${partner.id}/${month.href}`)
      const day = month.href.split('#d-')[1]
      const target = await page.$eval(':target', (node) => ({tag: node.tagName, datetime: node.querySelector('time')?.getAttribute('datetime'), top: node.getBoundingClientRect().top}))
      expect(target).toEqual({tag: 'H2', datetime: day, top: expect.any(Number)})
      expect(Math.abs(target.top)).toBeLessThan(5)
      // No earlier message of that month is on an earlier part of this page.
      const before = await page.$$eval('h2.day time', (times, wanted) => times.map((time) => time.getAttribute('datetime')!).filter((value) => value < wanted!), day)
      expect(before.filter((value) => value.slice(0, 7) === day.slice(0, 7))).toEqual([])
      await page.close()
    }
  })

  test('the lightbox opens with Enter, walks with the arrow keys and closes with Escape', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    const count = await page.$$eval('a.image', (links) => links.length)
    expect(count).toBeGreaterThanOrEqual(2)
    const first = await page.$eval('a.image', (link) => link.getAttribute('href'))
    await page.focus('a.image')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.lightbox img')
    expect(await page.$eval('.lightbox img', (img) => img.getAttribute('src'))).toBe(first)
    expect(await page.textContent('.lightbox .where')).toBe(`Image 1 of ${count}`)
    expect(await page.evaluate(() => (globalThis as unknown as {document: {activeElement: {className: string}}}).document.activeElement.className)).toBe('close')
    await page.keyboard.press('ArrowRight')
    expect(await page.textContent('.lightbox .where')).toBe(`Image 2 of ${count}`)
    await page.keyboard.press('Escape')
    expect(await page.$$('.lightbox')).toHaveLength(0)
    // Focus goes back to the image it opened from.
    expect(await page.evaluate(() => (globalThis as unknown as {document: {activeElement: {className: string}}}).document.activeElement.className)).toBe('image')
    await page.close()
  })

  test('a video and a file are served from the site\'s copy on disk, the file with its size', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    const video = await page.$eval('video.video', (node) => node.getAttribute('src')!)
    const file = await page.$eval('.file a', (link) => ({href: link.getAttribute('href')!, text: link.textContent, size: link.parentElement!.querySelector('.size')!.textContent}))
    // Each is the site's copy of what `archive sync --media` saved (the seed's video, and its file through the file service).
    for (const href of [video, file.href]) {
      expect(href).toMatch(/^\.\.\/\.\.\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,5}$/)
      expect(readFileSync(join(site, 'chats', alice.id, href))).toEqual(readFileSync(join(work, 'archive-media', href.split('/media/')[1])))
    }

    expect(readFileSync(join(site, 'chats', alice.id, file.href))).toEqual(FILE_BYTES)
    expect(file.text).toBe('📎 budget.csv')
    expect(file.size).toBe(`${FILE_BYTES.length} bytes`)
    // The browser asked for the video from disk (preload=metadata).
    expect(requests.some((url) => url.startsWith('file://') && url.endsWith(video.split('/').at(-1)!))).toBe(true)
    const gallery = await open(`chats/${alice.id}/media.html`)
    const items = await gallery.$$eval('.gallery li', (nodes) =>
      nodes.map((node) => ({href: node.querySelector('.media-message')!.getAttribute('href')!, when: node.querySelector('.media-when')!.textContent!})),
    )
    expect(items.length).toBeGreaterThanOrEqual(4)
    expect(items.every((item) => /^\d{4}\.html#m-\d+$/.test(item.href))).toBe(true)
    // Newest first: the video (sent after the images and the file) leads.
    expect(items.map((item) => item.when)).toEqual(items.map((item) => item.when).sort().reverse())
    expect(await gallery.$eval('.gallery li', (node) => node.querySelector('video') !== null)).toBe(true)
    await gallery.close()
    await page.close()
  })

  test('every sender has a face: the picture the sync saved, else an initial in a coloured circle, loaded from nowhere', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    const faces = await page.$$eval('.msg .from', (headers) =>
      headers.map((header) => ({
        name: header.querySelector('bdi')?.textContent,
        avatar: header.querySelector('.avatar')?.className,
        initial: header.querySelector('.avatar.initial')?.textContent,
        src: header.querySelector('img.avatar')?.getAttribute('src'),
      })),
    )
    expect(faces.length).toBeGreaterThan(2)
    expect(faces.every((face) => face.avatar !== undefined)).toBe(true)
    // Alice has no picture: her initial. Mine was saved by `archive sync --media`: the site's copy.
    expect(faces).toContainEqual({name: ALICE.name, avatar: expect.stringMatching(/^avatar initial c[0-7]$/), initial: 'A', src: undefined})
    const mine = faces.find((face) => face.name === 'Sandbox Me')!
    expect(mine).toEqual({name: 'Sandbox Me', avatar: 'avatar', initial: undefined, src: expect.stringMatching(/^\.\.\/\.\.\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/)})
    await page.waitForFunction(() => [...(globalThis as unknown as {document: {querySelectorAll(s: string): Iterable<{complete: boolean; naturalWidth: number}>}}).document.querySelectorAll('img.avatar')].every((img) => img.complete && img.naturalWidth > 0))
    await page.close()
  })

  test('the sender filter shows only that sender\'s messages', async () => {
    const partner = chats.find((chat) => chat.id.includes(chatPartner(0).id))!
    const page = await open(`chats/${partner.id}/0002.html`)
    const all = await page.$$eval('.log .msg', (nodes) => nodes.map((node) => node.getAttribute('data-sender')))
    await page.selectOption('form.filter select', chatPartner(0).id)
    const visible = await page.$$eval('.log .msg', (nodes) => nodes.filter((node) => (node as unknown as {offsetParent: unknown}).offsetParent !== null).map((node) => node.getAttribute('data-sender')))
    const theirs = all.filter((sender) => sender === chatPartner(0).id).length
    expect(theirs).toBeGreaterThan(0)
    expect(theirs).toBeLessThan(all.length)
    expect(visible).toEqual(Array(theirs).fill(chatPartner(0).id))
    expect(await page.textContent('.filter-count')).toBe(`${theirs} messages on this page`)
    // Kept on the next page of the same chat while the tab is open.
    await page.click('header.top .pager a[rel="next"]')
    await page.waitForURL('**/0003.html')
    expect(await page.$eval('form.filter select', (select) => (select as unknown as {value: string}).value)).toBe(chatPartner(0).id)
    await page.selectOption('form.filter select', '')
    await page.close()
  })

  test('control and invisible characters in a message are shown as escapes', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    const texts = await page.$$eval('.msg .text', (nodes) => nodes.map((node) => node.textContent))
    expect(texts).toContain('colour \\u001b[31mred\\u001b[0m, a bell\\u0007 and a zero\\u200bwidth space')
    await page.close()
  })

  test('what happened to a message: reactions with who gave them, pinned, edited with its earlier text, deleted as a tombstone', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    const reacted = page.locator('.msg', {has: page.locator('.text', {hasText: 'Got it, thanks!'})})
    const items = reacted.locator('.reactions li')
    expect(await items.count()).toBeGreaterThanOrEqual(1)
    const first = items.first()
    const who = first.locator('.who')
    // In the text for a screen reader; seen on hover or focus only.
    expect(await who.textContent()).toMatch(/^\S+ from (.*, )?Alice Example( and .*)?$/)
    expect(await first.locator('[aria-hidden]').textContent()).toMatch(/^\S+ \d+$/)
    expect((await who.boundingBox())!.width).toBeLessThanOrEqual(1)
    await first.focus()
    expect((await who.boundingBox())!.width).toBeGreaterThan(20)

    const pinned = page.locator('.msg.pinned')
    expect(await pinned.count()).toBe(1)
    expect(await pinned.locator('.pin').textContent()).toBe('📌 Pinned by Alice Example')
    const pinnedId = await pinned.getAttribute('id')

    const edited = page.locator('.msg', {has: page.locator('.bubble > .text', {hasText: 'Sure, tomorrow morning'})})
    await edited.locator('summary.edited').click()
    expect(await edited.locator('.revisions li .text').allTextContents()).toEqual(['Sure, later tonight'])
    expect(await page.locator('.msg', {has: page.locator('.bubble > .text', {hasText: 'Great. Coffee at 10:30?'})}).locator('.edited').textContent()).toBe('edited')

    expect(await page.locator('.tombstone').first().textContent()).toMatch(/^This message was deleted by the sender/)
    await page.close()

    const overview = await open(`chats/${alice.id}/index.html`)
    expect(await overview.$$eval('.pinned-list a', (links) => links.map((link) => link.getAttribute('href')))).toEqual([`0001.html#${pinnedId}`])
    await overview.close()
  })

  test('landmarks, labels and keyboard: a skip link first, labelled navigation and controls; printed, a plain transcript', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    const page = await open(`chats/${alice.id}/0001.html`)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => (globalThis as unknown as {document: {activeElement: {textContent: string}}}).document.activeElement.textContent)).toBe('Skip to the content')
    expect(await page.$$eval('main#main, header.top, form[role="search"], nav[aria-label]', (nodes) => nodes.map((node) => node.tagName).sort())).toEqual(
      ['FORM', 'HEADER', 'MAIN', 'NAV'].sort(),
    )
    const unlabelled = await page.$$eval('input, select', (controls) =>
      controls.filter((control) => !control.getAttribute('aria-label') && !control.closest('label')).map((control) => control.outerHTML),
    )
    expect(unlabelled).toEqual([])
    await page.emulateMedia({media: 'print'})
    expect(await page.isHidden('form.search')).toBe(true)
    expect(await page.isHidden('form.filter')).toBe(true)
    // Who reacted is printed in words.
    expect((await page.locator('.reactions .who').first().boundingBox())!.width).toBeGreaterThan(20)
    await page.emulateMedia({media: 'screen'})
    await page.close()
  })

  test('the layout holds at 375 and 1280 pixels wide (screenshots in test-artifacts/viewer)', async () => {
    const alice = chats.find((chat) => chat.name === ALICE.name)!
    for (const width of [375, 1280]) {
      for (const [name, path] of [
        ['index', 'index.html'],
        ['chat', `chats/${alice.id}/0001.html`],
      ]) {
        const page = await open(path, width)
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          widest: Math.max(...[...document.querySelectorAll('.bubble, td, h1, .search')].map((node) => node.getBoundingClientRect().right)),
        }))
        expect({width, name, ...layout}).toEqual({width, name, scrollWidth: width, widest: expect.any(Number)})
        expect(layout.widest).toBeLessThanOrEqual(width)
        // A 240-letter word and a long URL wrap inside their bubble.
        if (name === 'chat') expect(await page.$$eval('.msg .text', (nodes) => nodes.some((node) => node.textContent!.startsWith('Supercali')))).toBe(true)
        await page.screenshot({path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true})
        await page.close()
      }
    }
  })

  // Last: every page opened above, every image, script and search index it loaded, is listed.
  test('no page made a request other than file://, and no script failed', () => {
    expect(requests.length).toBeGreaterThan(10)
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([])
    expect(pageErrors).toEqual([])
    expect(dialogs).toEqual([])
  })
})
