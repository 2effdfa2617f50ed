import {describe, expect, test} from '@jest/globals'
import {existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DatabaseSync} from 'node:sqlite'
import {ALICE, BENCH_PARTNER, type Sandbox} from '../../../src/sandbox/index.js'
import {sandboxPerTest} from '../../helpers/sandbox.js'
import {currentProcess} from '../../../src/base/processes.js'
import {runCli} from '../../helpers/run-in-process.js'
import {finished, startCli} from '../../e2e/helpers/cli.js'
import {archiveOf, archivedCount, syncState} from '../../helpers/archive.js'
import * as wait from '../../helpers/wait.js'

const PARTNER = BENCH_PARTNER.id
type Order = 'asc' | 'desc'

const sandboxWith = sandboxPerTest()

const outFile = (name = 'export.jsonl') => join(mkdtempSync(join(tmpdir(), 'groupme-export-e2e-')), name)
const idsIn = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as {id: string}).id)
/** Stored ids in the order the file should have: the store keeps them ascending. */
const expectedIds = (box: Sandbox, user: string, order: Order) => {
  const ids = box.store.messages(user).map((message) => message.id)
  return order === 'asc' ? ids : ids.reverse()
}

const messageRequests = (box: Sandbox) => box.requests.filter((request) => request.method === 'GET' && request.path === '/v3/direct_messages')
const beforeIds = (box: Sandbox) => messageRequests(box).map((request) => new URLSearchParams(request.query).get('before_id'))
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()
const lines = (text: string) => text.split('\n').filter(Boolean)

const waitFor = (condition: () => boolean, timeoutMs = 15_000) => wait.waitFor(condition, timeoutMs, 10)

describe.each<Order>(['asc', 'desc'])('dm export --order %s', (order) => {
  test('an empty page in the middle of history, on the walk and on the walk again: exit 8, then the next run fills the gap, each message once', async () => {
    const box = await sandboxWith({messages: 250})
    const out = outFile()
    const args = ['dm', 'export', PARTNER, '--out', out, '--order', order, '--page-size', '50']
    const emptyPage = JSON.stringify({response: {count: 250, direct_messages: []}, meta: {code: 200}})
    for (let walk = 0; walk < 2; walk++) {
      box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0, times: 2})
      box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 200, body: emptyPage})
    }

    const short = await runCli(args, {sandbox: box})
    expect(short.code).toBe(8)
    expect(short.stderr).toMatch(/counts 250 messages but .* holds 100: 150 missing after a walk through the whole history\. The next run walks it again/)
    expect(idsIn(out)).toEqual(expectedIds(box, PARTNER, order).filter((id) => expectedIds(box, PARTNER, 'desc').slice(0, 100).includes(id)))

    const filled = await runCli(args, {sandbox: box})
    expect(filled.code).toBe(0)
    expect(idsIn(out)).toEqual(expectedIds(box, PARTNER, order))
    expect(readdirSync(join(out, '..'))).toEqual(['export.jsonl'])

    // --verify walks everything again and, with nothing missing, changes nothing.
    const before = readFileSync(out)
    box.resetRequests()
    const verified = await runCli([...args, '--verify'], {sandbox: box})
    expect(verified.code).toBe(0)
    expect(messageRequests(box).length).toBeGreaterThanOrEqual(5)
    expect(readFileSync(out).equals(before)).toBe(true)
  })

  test('messages missing from the middle of the archive are fetched again and put back in place in FILE', async () => {
    const box = await sandboxWith({messages: 120})
    const out = outFile()
    const args = ['dm', 'export', PARTNER, '--out', out, '--order', order, '--page-size', '50']
    expect((await runCli(args, {sandbox: box})).code).toBe(0)
    const whole = readFileSync(out, 'utf8')
    // Messages 40 to 59 go missing from the archive (a file damaged some other way).
    const db = new DatabaseSync(archiveOf(box))
    db.prepare('DELETE FROM messages WHERE id IN (SELECT id FROM messages ORDER BY num LIMIT 20 OFFSET 40)').run()
    db.close()
    const again = await runCli([...args, '--json'], {sandbox: box})
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({written: 120, count: 120, complete: true})
    expect(readFileSync(out, 'utf8')).toBe(whole)
  })

  test('a run that fails on the third page resumes without refetching the first two', async () => {
    const box = await sandboxWith({messages: 350})
    const out = outFile()
    const args = ['dm', 'export', PARTNER, '--out', out, '--order', order]
    const newestFirst = expectedIds(box, PARTNER, 'desc')
    // Two pages pass, then the third fails on every one of the client's 5 attempts.
    box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0, times: 2})
    box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 500, times: 5})

    const failed = await runCli(args, {sandbox: box})
    expect(failed.code).toBe(1)
    expect(failed.stdout).toBe('')
    expect(failed.stderr).toContain('run the same command again to continue')
    // The two pages are in the archive with the place the walk reached; FILE is written only by a run that ends.
    expect(syncState(box)).toEqual({top_id: null, walk_top: newestFirst[0], walk_cursor: newestFirst[199]})
    expect(archivedCount(box)).toBe(200)
    expect(existsSync(out)).toBe(false)

    box.resetRequests()
    const resumed = await runCli([...args, '--json'], {sandbox: box})
    expect(resumed.code).toBe(0)
    const asked = beforeIds(box)
    expect(asked[0]).toBe(newestFirst[199])
    expect(asked).not.toContain(null)
    expect(asked).not.toContain(newestFirst[99])
    expect(idsIn(out)).toEqual(expectedIds(box, PARTNER, order))
    expect(JSON.parse(resumed.stdout)).toMatchObject({file: out, order, written: 350, new: 350, count: 350, complete: true})
    expect(readdirSync(join(out, '..'))).toEqual(['export.jsonl'])
  })

  test('a finished export run again adds only the new messages, in order', async () => {
    const box = await sandboxWith({messages: 250})
    const out = outFile()
    const args = ['dm', 'export', PARTNER, '--out', out, '--order', order, '--json']
    expect((await runCli(args, {sandbox: box})).code).toBe(0)
    const floor = expectedIds(box, PARTNER, 'desc')[0]

    box.store.addMessages(PARTNER, 120)
    box.resetRequests()
    const again = await runCli(args, {sandbox: box})
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({written: 370, new: 120, pages: 2, complete: true})
    // The walk stops at the last run's newest message: nothing older is asked for.
    expect(beforeIds(box)).toEqual([null, expectedIds(box, PARTNER, 'desc')[99]])
    expect(idsIn(out)).toEqual(expectedIds(box, PARTNER, order))
    expect(syncState(box)).toMatchObject({top_id: expectedIds(box, PARTNER, 'desc')[0], walk_top: null})
    expect(expectedIds(box, PARTNER, 'desc')[0]).not.toBe(floor)

    box.resetRequests()
    const nothingNew = await runCli(args, {sandbox: box})
    // The chat's newest message is the archive's newest: no page is asked for.
    expect(JSON.parse(nothingNew.stdout)).toMatchObject({written: 370, new: 0, pages: 0})
    expect(idsIn(out)).toEqual(expectedIds(box, PARTNER, order))
  })

  test('Ctrl-C exits 130 with the pages fetched kept in the archive, and the next run completes it', async () => {
    const box = await sandboxWith({messages: 3000})
    const out = outFile()
    const args = ['dm', 'export', PARTNER, '--out', out, '--order', order, '--page-size', '20']
    const child = startCli(args, {sandbox: box, env: {GROUPME_MAX_RPS: '20'}})
    const result = finished(child)
    await waitFor(() => archivedCount(box) >= 40)
    child.kill('SIGINT')
    const interrupted = await result
    expect(interrupted.code).toBe(130)
    expect(interrupted.stderr).toContain('run the same command again')
    const stopped = syncState(box) as {walk_cursor?: string}
    expect(archivedCount(box)).toBeLessThan(3000)
    expect(stopped.walk_cursor).toEqual(expect.any(String))

    box.resetRequests()
    const resumed = await runCli(args, {sandbox: box})
    expect(resumed.code).toBe(0)
    expect(beforeIds(box)[0]).toBe(stopped.walk_cursor)
    const ids = idsIn(out)
    expect(new Set(ids).size).toBe(3000)
    expect(ids).toEqual(expectedIds(box, PARTNER, order))
  })
})

describe('dm export', () => {
  test('--since / --until keep [since, until) and stop paging once past --since; other options rewrite FILE for them', async () => {
    const box = await sandboxWith({messages: 1000})
    const stored = box.store.messages(PARTNER)
    const out = outFile()
    const args = ['dm', 'export', PARTNER, '--out', out, '--since', iso(stored[800].created_at), '--until', iso(stored[950].created_at), '--json']
    const result = await runCli(args, {sandbox: box})
    expect(result.code).toBe(0)
    expect(idsIn(out)).toEqual(stored.slice(800, 950).map((message) => message.id))
    // Pages 900-999 and 800-899, then one page that reaches before --since: 3 of the 11 a full export needs.
    expect(beforeIds(box)).toEqual([null, stored[900].id, stored[800].id])
    expect(JSON.parse(result.stdout)).toMatchObject({written: 150, complete: null})

    // Other options into the same FILE: it is written again, whole, for them.
    const other = await runCli(['dm', 'export', PARTNER, '--out', out, '--since', iso(stored[500].created_at), '--order', 'desc'], {sandbox: box})
    expect(other.code).toBe(0)
    expect(idsIn(out)).toEqual(stored.slice(500).map((message) => message.id).reverse())
  })

  test('--media saves image attachments as <id>-<index>.<ext> and keeps files already there', async () => {
    const box = await sandboxWith({})
    // The picture the seed's messages carry (the users' own pictures are images of the sandbox too).
    const sent = box.store.messages(ALICE.id).flatMap((message) => message.attachments).find((attachment) => attachment.type === 'image')
    const picture = [...box.store.images.values()].find((image) => image.url === sent?.url)!
    const second = box.store.insert({
      senderId: ALICE.id,
      otherUserId: ALICE.id,
      text: 'a place, then a picture',
      attachments: [{type: 'location', lat: '1', lng: '2', name: 'here'}, {type: 'image', url: picture.url}],
    })
    box.store.insert({senderId: ALICE.id, otherUserId: ALICE.id, text: 'gone', attachments: [{type: 'image', url: `${box.url}/image/files/expired`}]})
    const media = join(mkdtempSync(join(tmpdir(), 'groupme-media-')), 'media')
    const withImages = box.store.messages(ALICE.id).flatMap((message) =>
      message.attachments.flatMap((attachment, index) => (attachment.type === 'image' && attachment.url === picture.url ? [`${message.id}-${index}.png`] : [])),
    )
    expect(withImages).toContain(`${second.id}-1.png`)

    const result = await runCli(['dm', 'export', ALICE.id, '--out', outFile(), '--media', media, '--json'], {sandbox: box})
    expect(result.code).toBe(0)
    expect(readdirSync(media).sort()).toEqual(withImages.sort())
    for (const name of withImages) expect(readFileSync(join(media, name))).toEqual(picture.bytes)
    expect(JSON.parse(result.stdout).media).toEqual({saved: withImages.length, skipped: 0, failed: 1})
    expect(result.stderr).toMatch(/warning: image 0 of message \d+ was not saved/)

    box.resetRequests()
    const again = await runCli(['dm', 'export', ALICE.id, '--out', outFile(), '--media', media, '--json'], {sandbox: box})
    expect(JSON.parse(again.stdout).media).toEqual({saved: 0, skipped: withImages.length, failed: 1})
    expect(box.requests.filter((request) => request.path === `/image/files/${picture.id}`)).toEqual([])
  })

  test('--media: an unfetchable image URL is a warning naming the message, remembered and retried, never a stop', async () => {
    const box = await sandboxWith({})
    const planted = (url: string) => box.store.insert({senderId: ALICE.id, otherUserId: ALICE.id, text: 'look', attachments: [{type: 'image', url}]}).id
    const passwd = planted('file:///etc/passwd')
    const garbage = planted('not a url')
    const expired = planted(`${box.url}/image/files/expired-too`)
    const media = join(mkdtempSync(join(tmpdir(), 'groupme-media-')), 'media')
    const out = outFile()

    const first = await runCli(['dm', 'export', ALICE.id, '--out', out, '--media', media, '--json'], {sandbox: box})
    expect(first.code).toBe(0)
    expect(idsIn(out)).toEqual(expectedIds(box, ALICE.id, 'asc'))
    for (const id of [passwd, garbage, expired]) expect(first.stderr).toMatch(new RegExp(`warning: image 0 of message ${id} was not saved`))
    expect(first.stderr).not.toContain('root:')
    const remembered = JSON.parse(readFileSync(`${out}.media-failures.json`, 'utf8')) as Array<{message_id: string; retry: boolean}>
    expect(remembered.map((failure) => [failure.message_id, failure.retry]).sort()).toEqual(
      [[passwd, false], [garbage, false], [expired, true]].sort(),
    )

    box.resetRequests()
    const second = await runCli(['dm', 'export', ALICE.id, '--out', out, '--media', media, '--json'], {sandbox: box})
    expect(second.code).toBe(0)
    // The fetchable one is tried again; the others are not, and are summed up in one line.
    expect(box.requests.filter((request) => request.path === '/image/files/expired-too')).toHaveLength(1)
    expect(second.stderr).toMatch(new RegExp(`image 0 of message ${expired} was not saved`))
    expect(second.stderr).not.toMatch(new RegExp(`message ${passwd}`))
    expect(second.stderr).toMatch(/2 image\(s\) could not be saved and are no longer tried/)
  })

  test('stdout stays empty without --json, and a pipe gets one summary line on stderr', async () => {
    const box = await sandboxWith({})
    const out = outFile()
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out], {sandbox: box})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(lines(result.stderr)).toEqual([`Exported 30 new messages to ${out} (30 in all, 2 pages).`])
    expect(idsIn(out)).toEqual(expectedIds(box, ALICE.id, 'asc'))
  })

  test('a file short of the service\'s count after a walk and a walk again exits 8 with its summary; the next run adds up', async () => {
    const box = await sandboxWith({})
    const out = outFile()
    const newestFirst = [...box.store.messages(ALICE.id)].reverse()
    const page = (messages: typeof newestFirst) => JSON.stringify({response: {count: newestFirst.length + 2, direct_messages: messages}, meta: {code: 200}})
    // Each walk reads every message and then the end of history, under a count of 32.
    for (const body of [page(newestFirst), page([]), page(newestFirst), page([])]) box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 200, body})
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out, '--json'], {sandbox: box})
    expect(result.code).toBe(8)
    expect(JSON.parse(result.stdout)).toMatchObject({written: 30, count: 32, complete: false, short: {missing: 2}})
    expect(JSON.parse(lines(result.stderr).at(-1)!)).toMatchObject({error: {code: 'incomplete'}})
    expect(beforeIds(box).filter((id) => id === null)).toHaveLength(2)
    // The service now counts what it serves: the archive adds up, nothing is fetched twice, and the run succeeds.
    box.resetRequests()
    const again = await runCli(['dm', 'export', ALICE.id, '--out', out, '--json'], {sandbox: box})
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({written: 30, new: 0, count: 30, complete: true})
    expect(beforeIds(box)).toEqual([])
    expect(idsIn(out)).toEqual(expectedIds(box, ALICE.id, 'asc'))
  })

  test.each([
    ['an invalid --since date', ['--since', 'yesterday']],
    ['an impossible --until date', ['--until', '2026-02-30']],
    ['--since after --until', ['--since', '2026-10-02', '--until', '2026-10-01']],
    ['--page-size 0', ['--page-size', '0']],
    ['--page-size 101', ['--page-size', '101']],
    ['--order sideways', ['--order', 'sideways']],
  ])('%s is exit 2 and sends nothing', async (_name, extra) => {
    const box = await sandboxWith({})
    const result = await runCli(['dm', 'export', ALICE.id, '--out', outFile(), ...extra], {sandbox: box})
    expect(result.code).toBe(2)
    expect(box.requests).toEqual([])
  })

  test('a missing --out, a non-numeric USER, or a FILE with data that is not an export is exit 2 and sends nothing', async () => {
    const box = await sandboxWith({})
    expect((await runCli(['dm', 'export', ALICE.id], {sandbox: box})).code).toBe(2)
    expect((await runCli(['dm', 'export', 'alice', '--out', outFile()], {sandbox: box})).code).toBe(2)
    const out = outFile()
    writeFileSync(out, 'something else\n')
    const taken = await runCli(['dm', 'export', ALICE.id, '--out', out], {sandbox: box})
    expect(taken.code).toBe(2)
    expect(taken.stderr).toMatch(/holds lines that are not messages dm export wrote from this archive \(line 1 is not\)/)
    expect(readFileSync(out, 'utf8')).toBe('something else\n')
    expect(box.requests).toEqual([])
  })
  test('a second export into the same FILE while one runs is exit 6 and leaves the file alone', async () => {
    const box = await sandboxWith({})
    const out = outFile()
    // A live process holds the lock: this test's own.
    writeFileSync(`${out}.lock`, JSON.stringify({groupme_lock: 1, ...currentProcess()}))
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out], {sandbox: box})
    expect(result.code).toBe(6)
    expect(result.stderr).toContain('another dm export run')
    expect(existsSync(out)).toBe(false)
  })

  test('an export into an archive another export or sync is writing is exit 6, naming the archive; FILE is not made', async () => {
    const box = await sandboxWith({})
    const dir = mkdtempSync(join(tmpdir(), 'groupme-export-db-'))
    const db = join(dir, 'archive.db')
    writeFileSync(`${db}.lock`, JSON.stringify({groupme_lock: 1, ...currentProcess()}))
    const out = join(dir, 'alice.jsonl')
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out, '--db', db], {sandbox: box})
    expect(result.code).toBe(6)
    expect(result.stderr).toContain(`another archive sync or dm export (pid ${process.pid}) is using ${db}`)
    expect(existsSync(out)).toBe(false)
    expect(messageRequests(box)).toEqual([])
  })

  test.each([
    ['/dev/null', () => '/dev/null', /^Error: --out \/dev\/null is a device, not a regular file/],
    ['a directory', () => mkdtempSync(join(tmpdir(), 'groupme-export-dir-')), /is a directory, not a regular file/],
    ['-', () => '-', /^Error: --out -: dm export writes a file it can resume; to print messages, use dm list --all --jsonl/],
  ])('--out %s is exit 2, one line, nothing sent or written beside it', async (_, out, said) => {
    const box = await sandboxWith({})
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out()], {sandbox: box})
    expect(result.code).toBe(2)
    expect(lines(result.stderr)).toHaveLength(1)
    expect(result.stderr).toMatch(said)
    expect(box.requests).toEqual([])
    expect(existsSync('/dev/null.checkpoint.json')).toBe(false)
  })

  test('an export an earlier groupme made (FILE and FILE.checkpoint.json) is taken into the archive and written again, whole; its checkpoint goes', async () => {
    const box = await sandboxWith({})
    const out = outFile('alice.jsonl')
    const oldest = box.store.messages(ALICE.id).slice(0, 20)
    writeFileSync(out, oldest.map((message) => JSON.stringify(message) + '\n').join(''))
    const checkpoint = {version: 1, options: {user: ALICE.id, order: 'asc', since: null, until: null}, phase: 'done', fileLines: 20}
    writeFileSync(`${out}.checkpoint.json`, JSON.stringify(checkpoint))
    writeFileSync(`${out}.spool`, '')
    const other = await runCli(['dm', 'export', PARTNER, '--out', out], {sandbox: box})
    expect(other.code).toBe(2)
    expect(other.stderr).toContain(`is an earlier dm export of the chat with user ${ALICE.id}`)
    const result = await runCli(['dm', 'export', ALICE.id, '--out', out, '--json'], {sandbox: box})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({written: 30, complete: true})
    expect(idsIn(out)).toEqual(expectedIds(box, ALICE.id, 'asc'))
    expect(readdirSync(join(out, '..'))).toEqual(['alice.jsonl'])
  })

  test('--out through a symbolic link is the file it points to: one record, one lock', async () => {
    const box = await sandboxWith({})
    const out = outFile('race.jsonl')
    symlinkSync('race.jsonl', join(out, '..', 'link.jsonl'))
    const first = await runCli(['dm', 'export', ALICE.id, '--out', join(out, '..', 'link.jsonl')], {sandbox: box})
    expect(first.code).toBe(0)
    expect(readdirSync(join(out, '..')).sort()).toEqual(['link.jsonl', 'race.jsonl'])
    const again = await runCli(['dm', 'export', ALICE.id, '--out', out], {sandbox: box})
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/^Exported 0 new messages/)
    expect(idsIn(out)).toEqual(expectedIds(box, ALICE.id, 'asc'))
  })

  test('--order desc through a symbolic link: the re-run that rewrites FILE keeps the link a link', async () => {
    const box = await sandboxWith({})
    const out = outFile('real.jsonl')
    const link = join(out, '..', 'link.jsonl')
    symlinkSync('real.jsonl', link)
    expect((await runCli(['dm', 'export', ALICE.id, '--out', link, '--order', 'desc'], {sandbox: box})).code).toBe(0)
    box.store.addMessages(ALICE.id, 3)
    const again = await runCli(['dm', 'export', ALICE.id, '--out', link, '--order', 'desc'], {sandbox: box})
    expect(again.code).toBe(0)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(idsIn(link)).toEqual(expectedIds(box, ALICE.id, 'desc'))
  })

  test('--media that is a file is one line naming it, exit 2', async () => {
    const box = await sandboxWith({})
    const media = outFile('media')
    writeFileSync(media, '')
    const result = await runCli(['dm', 'export', ALICE.id, '--out', outFile(), '--media', media], {sandbox: box})
    expect(result.code).toBe(2)
    expect(lines(result.stderr)).toEqual([`Error: cannot create the directory ${media}: a file that is not a directory is in the way`])
  })
})
