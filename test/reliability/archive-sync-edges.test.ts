/**
 * archive sync against what a service or a user can do to an archive's history: a chat cleared on
 * the service, and another account's token.
 */
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {openDatabase} from '../../src/lib/archive/sqlite.js'
import {chatPartner, type Sandbox} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {runCli} from '../helpers/run-in-process.js'

const sandboxWith = sandboxPerTest()
const newDb = () => join(mkdtempSync(join(tmpdir(), 'groupme-sync-edges-')), 'archive.db')
const sync = (box: Sandbox, db: string, env: Record<string, string> = {}) => runCli(['archive', 'sync', '--db', db, '--json'], {sandbox: box, env})
const messagePages = (box: Sandbox, from: number) => box.requests.slice(from).filter((request) => request.path === '/v3/direct_messages').length

async function archivedIds(db: string, chat: string): Promise<string[]> {
  const handle = await openDatabase(db, {readOnly: true})
  try {
    return handle.prepare('SELECT id FROM messages WHERE conversation_id = ? ORDER BY num').all(chat).map((row) => String(row.id))
  } finally {
    handle.close()
  }
}

describe('a chat whose history was cleared on the service', () => {
  test('keeps what was archived, is marked cleared, and later syncs neither exit 8 nor walk it again', async () => {
    const box = await sandboxWith({chats: 2, messagesPerChat: 31})
    const partner = chatPartner(0).id
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    const conversation = box.store.conversation(partner)!
    const chat = conversation.id
    const before = await archivedIds(db, chat)
    expect(before).toHaveLength(31)

    // DELETE /chats/:id, then a new message starts the conversation again: the service counts 1.
    box.store.clearConversation(conversation)
    box.store.addMessages(partner, 1)
    const after = await sync(box, db)
    expect({code: after.code, stderr: after.stderr}).toEqual({code: 0, stderr: ''})
    expect(JSON.parse(after.stdout).incomplete).toEqual([])
    const kept = await archivedIds(db, chat)
    expect(kept.slice(0, 31)).toEqual(before)
    expect(kept).toHaveLength(32)

    const handle = await openDatabase(db, {readOnly: true})
    const state = handle.prepare('SELECT cleared_through, verified FROM sync_state WHERE conversation_id = ?').get(chat)
    handle.close()
    expect(state).toEqual({cleared_through: before.at(-1), verified: 1})

    // Nothing new: no page of that chat is read again, and the run is clean.
    const from = box.requests.length
    const again = await sync(box, db)
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout).incomplete).toEqual([])
    expect(messagePages(box, from)).toBe(0)
  })
})

describe('an archive belongs to one account', () => {
  test("another account's token is refused before anything is written (exit 2, both users named); a new --db is fine", async () => {
    const box = await sandboxWith({chats: 1, messagesPerChat: 5})
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    // The archive as Bob's account would have left it.
    const handle = await openDatabase(db)
    handle.exec("UPDATE meta SET value = '56366399' WHERE key = 'me'; UPDATE users SET is_me = 0")
    handle.exec("INSERT INTO users (id, name, is_me, seen_at) VALUES ('56366399', 'Bob Owner', 1, 0)")
    const runsBefore = Number(handle.prepare('SELECT count(*) AS n FROM sync_runs').get()?.n)
    handle.close()

    const from = box.requests.length
    const refused = await runCli(['archive', 'sync', '--db', db], {sandbox: box})
    expect(refused.code).toBe(2)
    const me = box.store.me
    expect(refused.stderr).toBe(
      `Error: ${db} is the archive of Bob Owner (56366399), and this token is ${me.name}'s (${box.meId}): one archive holds one account; give ${me.name}'s archive its own --db\n`,
    )
    expect(box.requests.slice(from).map((request) => request.path)).toEqual(['/v3/users/me'])
    const after = await openDatabase(db, {readOnly: true})
    expect(after.prepare("SELECT value FROM meta WHERE key = 'me'").get()?.value).toBe('56366399')
    expect(Number(after.prepare('SELECT count(*) AS n FROM sync_runs').get()?.n)).toBe(runsBefore)
    after.close()

    expect((await sync(box, newDb())).code).toBe(0)
  })

  test("dm export into another account's archive is refused the same way: the owner stays, no FILE is written", async () => {
    const box = await sandboxWith({chats: 1, messagesPerChat: 5})
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    const handle = await openDatabase(db)
    handle.exec("UPDATE meta SET value = '56366399' WHERE key = 'me'; UPDATE users SET is_me = 0")
    handle.exec("INSERT INTO users (id, name, is_me, seen_at) VALUES ('56366399', 'Bob Owner', 1, 0)")
    handle.close()

    const out = join(mkdtempSync(join(tmpdir(), 'groupme-sync-edges-')), 'alice.jsonl')
    const refused = await runCli(['dm', 'export', chatPartner(0).id, '--db', db, '--out', out], {sandbox: box})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`${db} is the archive of Bob Owner (56366399), and this token is ${box.store.me.name}'s (${box.meId}): one archive holds one account`)
    expect(existsSync(out)).toBe(false)
    const after = await openDatabase(db, {readOnly: true})
    expect(after.prepare("SELECT value FROM meta WHERE key = 'me'").get()?.value).toBe('56366399')
    after.close()
  })
})
