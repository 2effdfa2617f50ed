import {describe, expect, test} from '@jest/globals'
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {SCHEMA_VERSION} from '../../src/lib/archive/migrations.js'
import {openDatabase} from '../../src/lib/archive/sqlite.js'
import {ALICE, chatPartner, ME, type Sandbox} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {finished, runCli as runProcess, startCli} from '../e2e/helpers/cli.js'
import {runCli} from '../helpers/run-in-process.js'
import * as wait from '../helpers/wait.js'

const sandboxWith = sandboxPerTest()

const newDb = () => join(mkdtempSync(join(tmpdir(), 'groupme-archive-e2e-')), 'archive.db')
/** In this process; the tests of kills, Ctrl-C and real back-off start processes (startCli, runProcess). */
const sync = (box: Sandbox, db: string, ...args: string[]) => runCli(['archive', 'sync', '--db', db, ...args], {sandbox: box})
const archive = (box: Sandbox | undefined, db: string, ...args: string[]) => runCli(['archive', ...args, '--db', db], {sandbox: box})

/** Every conversation of the sandbox, chat by chat: the archive holds exactly its messages, as sent. */
async function expectExact(box: Sandbox, db: string): Promise<void> {
  const chats = box.store.chats()
  const handle = await openDatabase(db, {readOnly: true})
  try {
    for (const chat of chats) {
      const id = chat.last_message.conversation_id
      const archived = handle.prepare('SELECT id, raw FROM messages WHERE conversation_id = ? ORDER BY num').all(id)
      const expected = box.store.messages(id)
      expect({chat: id, ids: archived.map((row) => row.id)}).toEqual({chat: id, ids: expected.map((message) => message.id)})
      expect(archived.map((row) => JSON.parse(String(row.raw)))).toEqual(JSON.parse(JSON.stringify(expected)))
    }

    const total = handle.prepare('SELECT count(*) AS n FROM messages').get()?.n
    expect(Number(total)).toBe(chats.reduce((sum, chat) => sum + chat.messages_count, 0))
  } finally {
    handle.close()
  }
}

const waitFor = (condition: () => boolean, timeoutMs = 20_000) => wait.waitFor(condition, timeoutMs, 2)

const paths = (box: Sandbox) => box.requests.map((request) => `${request.method} ${request.path}`)

describe('archive sync', () => {
  test('a first sync of many chats is exact, chat by chat, and says so', async () => {
    const box = await sandboxWith({chats: 12, messagesPerChat: 230, shortPageEvery: 7})
    const db = newDb()
    const result = await sync(box, db, '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as {chats: number; new: number; incomplete: unknown[]}
    expect(summary.chats).toBe(box.store.chats().length)
    expect(summary.new).toBe(box.store.chats().reduce((sum, chat) => sum + chat.messages_count, 0))
    expect(summary.incomplete).toEqual([])
    await expectExact(box, db)
  })

  test('ten kill -9s at random moments, each followed by a sync, end exact', async () => {
    const box = await sandboxWith({chats: 6, messagesPerChat: 450, latencyMs: 2})
    let db = newDb()
    let seed = 7
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed / 2_147_483_648
    }

    for (let round = 0; round < 10; round++) {
      // Every third round starts a new archive, so kills land in first walks too; the others in walks for news.
      if (round % 3 === 0) db = newDb()
      for (let i = 0; i < 3; i++) box.store.addMessages(chatPartner(Math.floor(random() * 6)).id, 1 + Math.floor(random() * 150))
      const before = box.requests.length
      const child = startCli(['archive', 'sync', '--db', db, '--concurrency', String(1 + (round % 4))], {sandbox: box})
      let exited = false
      const done = finished(child).finally(() => {
        exited = true
      })
      const killAfter = 1 + Math.floor(random() * 25)
      // A sync that ends before that many requests is simply not killed this round.
      await waitFor(() => exited || box.requests.length >= before + killAfter, 60_000)
      child.kill('SIGKILL')
      await done
      const resumed = await sync(box, db)
      expect(resumed.code).toBe(0)
      await expectExact(box, db)
    }
  }, 120_000)

  test('--quiet prints nothing on success, and the summary when chats are incomplete', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    expect(await sync(box, db, '--quiet')).toEqual({code: 0, signal: null, stdout: '', stderr: ''})
    box.store.addMessages('56366372', 1)
    box.store.users.delete('56366372') // Bob's new message cannot be read: his messages answer 404
    const incomplete = await sync(box, db, '--quiet')
    expect(incomplete.code).toBe(8)
    expect(incomplete.stderr).toMatch(/^Archived .*\n/)
  })

  test('a sync with nothing new makes only the /chats requests and /users/me; news costs one page', async () => {
    const box = await sandboxWith({chats: 120, messagesPerChat: 3})
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    box.resetRequests()
    const again = await sync(box, db, '--json')
    expect(again.code).toBe(0)
    // 125 chats: pages of 100 and 25, then the empty page that ends the list.
    expect(paths(box).sort()).toEqual(['GET /v3/chats', 'GET /v3/chats', 'GET /v3/chats', 'GET /v3/users/me'])
    expect(JSON.parse(again.stdout)).toMatchObject({new: 0, updated: 0, walked: 0, pages: 0})

    box.store.addMessages(chatPartner(5).id, 3)
    box.resetRequests()
    const news = await sync(box, db, '--json')
    expect(JSON.parse(news.stdout)).toMatchObject({new: 3, walked: 1, pages: 1})
    expect(paths(box).filter((line) => line === 'GET /v3/direct_messages')).toHaveLength(1)
    await expectExact(box, db)
  })

  test('--refresh picks up a like, a deletion and an edit; the tombstone keeps the row and leaves the index', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    const [fromAlice] = box.store.addMessages(ALICE.id, 1, {text: () => 'pineapple pizza tonight?'})
    const [mine] = box.store.addMessages(ALICE.id, 1, {from: 'me', text: () => 'embarrassing typo message'})
    const [edited] = box.store.addMessages(ALICE.id, 1, {from: 'me', text: () => 'meet at nine'})
    expect((await sync(box, db)).code).toBe(0)

    box.store.like(fromAlice, ME.id)
    box.store.deleteMessage(mine)
    box.store.edit(edited, 'meet at ten')
    // Without --refresh nothing is re-read: the archive keeps what it had.
    expect((await sync(box, db)).code).toBe(0)
    expect((await archive(box, db, 'search', 'embarrassing')).stdout).toContain(mine.id)

    const refreshed = await sync(box, db, '--refresh', '7d', '--json')
    expect(refreshed.code).toBe(0)
    expect(JSON.parse(refreshed.stdout)).toMatchObject({updated: 3, new: 0})
    const rows = JSON.parse((await archive(box, db, 'sql', `SELECT id, text, favorited_by, deleted_at, deletion_actor, updated_at FROM messages WHERE id IN ('${fromAlice.id}', '${mine.id}', '${edited.id}') ORDER BY id`, '--json')).stdout)
    expect(rows).toEqual([
      expect.objectContaining({id: fromAlice.id, favorited_by: JSON.stringify([ME.id]), deleted_at: null}),
      expect.objectContaining({id: mine.id, text: 'This message was deleted', deleted_at: mine.deleted_at, deletion_actor: 'sender'}),
      expect.objectContaining({id: edited.id, text: 'meet at ten', updated_at: edited.updated_at}),
    ])
    expect((await archive(box, db, 'search', 'embarrassing')).stdout).toBe('')
    expect((await archive(box, db, 'search', '"meet at ten"')).stdout).toContain(edited.id)
    const stats = JSON.parse((await archive(box, db, 'stats', '--by', 'chat', '--chat', '@Alice', '--json')).stdout)
    expect(stats[0]).toMatchObject({likes_given: 1})
    await expectExact(box, db)
  })

  test('concurrent chats under GROUPME_MAX_RPS=8 bring no 429 storm from a service that refuses past 10 a second', async () => {
    const box = await sandboxWith({seed: false, chats: 8, messagesPerChat: 150, maxRequestsPerSecond: 10})
    const db = newDb()
    const result = await runProcess(['archive', 'sync', '--db', db, '--concurrency', '8'], {sandbox: box, env: {GROUPME_MAX_RPS: '8'}})
    expect(result.code).toBe(0)
    expect(box.requests.filter((request) => request.rateLimited)).toHaveLength(0)
    await expectExact(box, db)
  }, 60_000)

  test('without a limit of its own, the first 429s slow every chat down and the sync still ends exact', async () => {
    const box = await sandboxWith({seed: false, chats: 8, messagesPerChat: 150, maxRequestsPerSecond: 10})
    const db = newDb()
    // A process of its own: the retries wait their real backoff.
    const result = await runProcess(['archive', 'sync', '--db', db, '--concurrency', '8'], {sandbox: box, env: {GROUPME_MAX_RPS: '0'}})
    expect(result.code).toBe(0)
    const limited = box.requests.filter((request) => request.rateLimited).length
    // The shared limiter backs off after the first refusals, together: most requests pass.
    expect(limited).toBeGreaterThan(0)
    expect(limited).toBeLessThan(box.requests.length / 2)
    await expectExact(box, db)
  }, 60_000)

  test('a chat that does not add up is walked again, then listed, with exit 8', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    // The service never serves one of Bob's messages, though its count includes it.
    const bob = box.store.conversation('56366372')!
    const hidden = bob.messages[1].id
    const page = box.store.page.bind(box.store)
    box.store.page = (conversation, query) => page(conversation, query).filter((message) => message.id !== hidden)
    const result = await sync(box, db, '--json')
    expect(result.code).toBe(8)
    expect(JSON.parse(result.stdout).incomplete).toEqual([{chat: bob.id, name: 'Bob', archived: 3, service: 4}])
    expect(JSON.parse(result.stderr).error.code).toBe('incomplete')
    // Walked twice: once by the sync, once more because the count did not add up.
    const bobPages = box.requests.filter((request) => request.path === '/v3/direct_messages' && request.query.includes('other_user_id=56366372'))
    expect(bobPages.length).toBeGreaterThanOrEqual(2)
  })

  test('a chat the service answers 404 for is listed as incomplete (exit 8); every other chat is archived', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    // The chat list still shows Bob, but his messages are gone: GET /direct_messages answers 404.
    box.store.users.delete('56366372')
    const result = await sync(box, db, '--json')
    expect(result.code).toBe(8)
    const summary = JSON.parse(result.stdout)
    expect(summary.incomplete).toEqual([expect.objectContaining({chat: '56366372+93645911', archived: 0, error: expect.stringMatching(/404/)})])
    expect(summary.new).toBe(box.store.chats().reduce((sum, chat) => sum + chat.messages_count, 0) - 4)
    expect(JSON.parse(result.stderr).error.message).toMatch(/56366372\+93645911/)
  })

  test('--chat walks only the chats named; one the account does not have is exit 4 after the others', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    const only = await sync(box, db, '--chat', '@Alice', '--chat', '56366372', '--json')
    expect(only.code).toBe(0)
    expect(JSON.parse(only.stdout)).toMatchObject({chats: 2, new: box.store.messages(ALICE.id).length + 4})
    const missing = await sync(box, db, '--chat', '@Alice', '--chat', '99999999')
    expect(missing.code).toBe(4)
    expect(missing.stderr).toMatch(/no such chat in the account: .*99999999/)
  })

  test('Ctrl-C stops a sync with exit 130 and says how to go on; the next sync ends exact', async () => {
    const box = await sandboxWith({chats: 6, messagesPerChat: 400})
    const db = newDb()
    // Five pages go through; the sixth is held back, so Ctrl-C comes mid-sync.
    box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0, times: 5})
    box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 600_000})
    const child = startCli(['archive', 'sync', '--db', db], {sandbox: box})
    const done = finished(child)
    await waitFor(() => box.requests.filter((request) => request.path === '/v3/direct_messages').length >= 6)
    child.kill('SIGINT')
    const stopped = await done
    expect(stopped.code).toBe(130)
    expect(stopped.stderr).toMatch(/run `groupme archive sync` again/)
    expect((await sync(box, db)).code).toBe(0)
    await expectExact(box, db)
  })

  test('a second sync of the same database gives up at once with exit 6', async () => {
    const box = await sandboxWith({chats: 8, messagesPerChat: 500})
    const db = newDb()
    // The first sync's first page is held back until the second has tried.
    box.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 60_000})
    const first = startCli(['archive', 'sync', '--db', db], {sandbox: box})
    const done = finished(first)
    await waitFor(() => box.requests.some((request) => request.path === '/v3/direct_messages'))
    const second = await sync(box, db)
    expect(second.code).toBe(6)
    expect(second.stderr).toMatch(/another archive sync/)
    box.releaseDelays()
    expect((await done).code).toBe(0)
    await expectExact(box, db)
  })

  test('--media saves each image and each user picture once, by its sha256, beside the database', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    const result = await sync(box, db, '--media', '--json')
    expect(result.code).toBe(0)
    // The seed sends the same picture twice: stored once; its video and its file are saved too.
    expect(JSON.parse(result.stdout).media).toEqual({saved: 3, deduplicated: 1, failed: 0, skipped: 0})
    // The users' pictures too (the sandbox serves one picture for every user that has one): once.
    expect(JSON.parse(result.stdout).avatars).toEqual({saved: 1, failed: 0, skipped: 0})
    const dir = join(db, '..', 'archive-media')
    const files = readdirSync(dir, {recursive: true}).filter((name) => String(name).endsWith('.png'))
    expect(files).toHaveLength(2)
    const again = await sync(box, db, '--media', '--json')
    expect(JSON.parse(again.stdout).media).toEqual({saved: 0, deduplicated: 0, failed: 0, skipped: 0})
    expect(JSON.parse(again.stdout).avatars).toEqual({saved: 0, failed: 0, skipped: 0})
  })
})

describe('archive files that are not archives', () => {
  test('a corrupt file and a foreign SQLite database are refused with exit 9 and left untouched', async () => {
    const box = await sandboxWith({})
    const garbage = newDb()
    writeFileSync(garbage, 'this is not a database at all, just text'.repeat(200))
    const before = readFileSync(garbage)
    const corrupt = await sync(box, garbage)
    expect(corrupt.code).toBe(9)
    expect(corrupt.stderr).toMatch(/is not a groupme archive/)
    expect(readFileSync(garbage)).toEqual(before)
    expect((await archive(box, garbage, 'search', 'x')).code).toBe(9)

    const foreign = newDb()
    const handle = await openDatabase(foreign)
    handle.exec('CREATE TABLE recipes (name TEXT)')
    handle.close()
    const refused = await sync(box, foreign)
    expect(refused.code).toBe(9)
    expect(refused.stderr).toMatch(/not a groupme archive/)
    expect(box.requests.filter((request) => request.path === '/v3/direct_messages')).toHaveLength(0)
  })

  test('an archive of a newer schema is refused with exit 9 by sync and by a reading command, and left untouched', async () => {
    const box = await sandboxWith({})
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    const handle = await openDatabase(db)
    handle.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}; PRAGMA wal_checkpoint(TRUNCATE)`)
    handle.close()
    const before = readFileSync(db)
    const requests = box.requests.length
    for (const args of [['sync'], ['stats']]) {
      const result = await archive(box, db, ...args)
      expect({args, code: result.code}).toEqual({args, code: 9})
      expect(result.stderr).toMatch(/newer|schema version/)
    }

    expect(readFileSync(db)).toEqual(before)
    expect(box.requests.slice(requests).filter((request) => request.path === '/v3/direct_messages')).toHaveLength(0)
  })

  test('reading commands on a missing archive say how to make one', async () => {
    const result = await archive(undefined, newDb(), 'stats')
    expect(result.code).toBe(9)
    expect(result.stderr).toMatch(/archive sync/)
  })
})

describe('reading the archive', () => {
  async function seeded(): Promise<{box: Sandbox; db: string}> {
    const box = await sandboxWith({})
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    return {box, db}
  }

  test('search: FTS5 words, accents folded, filters, raw JSON out, TSV in a pipe', async () => {
    const {box, db} = await seeded()
    const cafe = box.store.messages(ALICE.id).find((message) => message.text?.includes('Café'))!
    const json = JSON.parse((await archive(box, db, 'search', 'cafe', '--json')).stdout)
    expect(json).toEqual([JSON.parse(JSON.stringify(cafe))])
    const tsv = (await archive(box, db, 'search', 'whiteboard OR sharper', '--chat', '@Alice')).stdout.trim().split('\n')
    expect(tsv).toHaveLength(2)
    // id, time, chat id, chat, sender, text, attachments (the reply as ↩ and the id it answers)
    expect(tsv[0].split('\t')).toHaveLength(7)
    expect(tsv[0].split('\t').at(-1)).toMatch(/^↩ \d+$/)
    // Flags before QUERY do not swallow it.
    expect((await archive(box, db, 'search', '--chat', '@Alice', '--has', 'image', 'whiteboard', '--jsonl')).stdout.trim().split('\n')).toHaveLength(1)
    const images = (await archive(box, db, 'search', 'whiteboard', '--has', 'image', '--jsonl')).stdout.trim().split('\n')
    expect(images.map((line) => JSON.parse(line).attachments[0].type)).toEqual(['image'])
    expect((await archive(box, db, 'search', 'whiteboard', '--has', 'reply')).stdout).toBe('')
    const fromBob = (await archive(box, db, 'search', 'meeting OR idea', '--from', '56366372', '--jsonl')).stdout.trim().split('\n')
    expect(fromBob.map((line) => JSON.parse(line).sender_id)).toEqual(['56366372'])
    // Service text never reaches the pipe with its escapes.
    expect((await archive(box, db, 'search', 'prize')).stdout).not.toMatch(/\u001b/)
  })

  test('search, stats, export and sql refuse bad input with exit 2', async () => {
    const {box, db} = await seeded()
    for (const args of [
      ['search', '"unterminated'],
      ['search', 'x', '--since', '2026-11-01', '--until', '2026-10-01'],
      ['search', 'x', '--chat', '@Nobody'],
      ['search', 'x', '--chat', '@bob'],
      ['search', 'x', '--has', 'pdf'],
      ['stats', '--by', 'year'],
      ['sql', 'DELETE FROM messages'],
      ['sql', 'SELECT * FROM nowhere'],
      ['export', '--format', 'xml', '--out', join(db, '..', 'x')],
    ]) {
      const result = await archive(box, db, ...args)
      expect({args, code: result.code}).toEqual({args, code: 2})
    }

    const total = box.store.chats().reduce((sum, chat) => sum + chat.messages_count, 0)
    expect(JSON.parse((await archive(box, db, 'sql', 'SELECT count(*) AS n FROM messages', '--json')).stdout)).toEqual([{n: total}])
  })

  test('stats add up to the archive, by month and by sender', async () => {
    const {box, db} = await seeded()
    const total = box.store.chats().reduce((sum, chat) => sum + chat.messages_count, 0)
    for (const by of ['month', 'week', 'weekday', 'hour', 'sender', 'chat']) {
      const rows = JSON.parse((await archive(box, db, 'stats', '--by', by, '--json')).stdout) as Array<{messages: number; sent: number}>
      expect(rows.reduce((sum, row) => sum + row.messages, 0)).toBe(total)
    }

    const bySender = JSON.parse((await archive(box, db, 'stats', '--by', 'sender', '--chat', '@Alice', '--json')).stdout) as Array<{bucket: string; sent: number; likes_received: number}>
    const me = bySender.find((row) => row.bucket === ME.name)!
    const mine = box.store.messages(ALICE.id).filter((message) => message.sender_id === ME.id)
    expect(me.sent).toBe(mine.length)
    // The seed: Alice liked two of my messages and I liked one of my own.
    expect(me.likes_received).toBe(mine.reduce((sum, message) => sum + message.favorited_by.length, 0))
    expect(me.likes_received).toBe(3)
  })

  test('export: one file per chat, oldest first, JSONL lines exactly as sent, CSV with its stable header', async () => {
    const {box, db} = await seeded()
    const out = join(db, '..', 'export')
    expect((await archive(box, db, 'export', '--format', 'jsonl', '--out', out)).code).toBe(0)
    const files = readdirSync(out).sort()
    expect(files).toHaveLength(box.store.chats().length)
    const alice = box.store.conversation(ALICE.id)!
    const lines = readFileSync(join(out, `${alice.id}.jsonl`), 'utf8').trim().split('\n')
    expect(lines.map((line) => JSON.parse(line))).toEqual(JSON.parse(JSON.stringify(alice.messages)))

    expect((await archive(box, db, 'export', '--format', 'csv', '--out', out, '--chat', '@Alice')).code).toBe(0)
    const csv = readFileSync(join(out, `${alice.id}.csv`), 'utf8').split('\r\n')
    expect(csv[0]).toBe('id,created_at,conversation_id,sender_id,sender_name,sender_type,text,attachment_types,likes,reactions,deleted_at,updated_at')
    expect(csv.filter(Boolean)).toHaveLength(alice.messages.length + 1)
    expect(csv.find((line) => line.startsWith(alice.messages[5].id))).toContain('"Agenda:\n')
  })
})
