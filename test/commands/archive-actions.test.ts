import {mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {ALICE, BOB, ME, type Sandbox, SEED_FILE_ID} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'
import {sandboxPerTest} from '../helpers/sandbox.js'

const sandboxWith = sandboxPerTest()
const newDb = () => join(mkdtempSync(join(tmpdir(), 'groupme-archive-actions-')), 'archive.db')
const sync = (box: Sandbox, db: string, ...args: string[]) => runCli(['archive', 'sync', '--db', db, ...args], {sandbox: box})
const sql = async (box: Sandbox, db: string, query: string) => JSON.parse((await runCli(['archive', 'sql', query, '--db', db, '--json'], {sandbox: box})).stdout) as Array<Record<string, unknown>>

describe('the archive keeps reactions, pins and edits', () => {
  test('archive sql over reactions says who reacted with what; --refresh keeps it current', async () => {
    const box = await sandboxWith()
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    const cafe = box.store.messages(ALICE.id).find((message) => message.text === 'Sounds good — see you at Café Müller')!
    const rows = await sql(box, db, `SELECT user_id, type, code FROM reactions WHERE message_id = '${cafe.id}' ORDER BY user_id`)
    expect(rows).toEqual(
      [
        {user_id: ALICE.id, type: 'unicode', code: '❤️'},
        {user_id: ME.id, type: 'unicode', code: '🔥'},
      ].sort((a, b) => a.user_id.localeCompare(b.user_id)),
    )
    const thursday = box.store.messages(BOB.id)[2]
    expect(await sql(box, db, `SELECT user_id, code FROM reactions WHERE message_id = '${thursday.id}'`)).toEqual([{user_id: BOB.id, code: '👍'}])

    // Alice changes her reaction and I take mine back: one row per user, current after --refresh.
    box.store.react(cafe, ALICE.id, {type: 'unicode', code: '🎉'})
    box.store.unreact(cafe, ME.id)
    expect((await sync(box, db, '--refresh', '3650d')).code).toBe(0)
    expect(await sql(box, db, `SELECT user_id, code FROM reactions WHERE message_id = '${cafe.id}'`)).toEqual([{user_id: ALICE.id, code: '🎉'}])
  })

  test('an edit made after a sync leaves both texts after --refresh', async () => {
    const box = await sandboxWith()
    const db = newDb()
    const [message] = box.store.addMessages(ALICE.id, 1, {from: 'me', text: () => 'meet at nine'})
    expect((await sync(box, db)).code).toBe(0)
    box.store.edit(message, 'meet at ten')
    expect((await sync(box, db, '--refresh', '7d')).code).toBe(0)
    expect(await sql(box, db, `SELECT text FROM messages WHERE id = '${message.id}'`)).toEqual([{text: 'meet at ten'}])
    expect(await sql(box, db, `SELECT revision, text, updated_at FROM message_revisions WHERE message_id = '${message.id}'`)).toEqual([
      {revision: 1, text: 'meet at nine', updated_at: null},
    ])
    // A refresh with nothing new adds no revision.
    expect((await sync(box, db, '--refresh', '7d')).code).toBe(0)
    expect(await sql(box, db, `SELECT count(*) AS n FROM message_revisions WHERE message_id = '${message.id}'`)).toEqual([{n: 1}])
  })

  test('pinned_at and pinned_by columns; archive search --pinned', async () => {
    const box = await sandboxWith()
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    const pinned = box.store.messages(ALICE.id).find((message) => message.pinned_at !== null)!
    expect(await sql(box, db, 'SELECT id, pinned_at, pinned_by FROM messages WHERE pinned_at IS NOT NULL')).toEqual([{id: pinned.id, pinned_at: pinned.pinned_at, pinned_by: ALICE.id}])
    const hits = await runCli(['archive', 'search', 'doc OR sandbox', '--pinned', '--db', db, '--json'], {sandbox: box})
    expect((JSON.parse(hits.stdout) as Array<{id: string}>).map((hit) => hit.id)).toEqual([pinned.id])
  })

  test('archive stats --by reaction counts reactions given and received', async () => {
    const box = await sandboxWith()
    const db = newDb()
    expect((await sync(box, db)).code).toBe(0)
    const rows = JSON.parse((await runCli(['archive', 'stats', '--by', 'reaction', '--db', db, '--json'], {sandbox: box})).stdout) as Array<Record<string, unknown>>
    const total = (await sql(box, db, 'SELECT count(*) AS n FROM reactions'))[0].n
    expect(rows.reduce((sum, row) => sum + Number(row.messages), 0)).toBe(total)
    // I gave 🔥 to my own message; Alice gave ❤️ to it: one given, one received.
    expect(rows.find((row) => row.bucket === '🔥')).toMatchObject({messages: 1, likes_given: 1, likes_received: 0})
    expect(rows.find((row) => row.bucket === '❤️')).toMatchObject({messages: 1, likes_given: 0, likes_received: 1})
  })

  test('--media saves a file attachment (through the file service, its own name and type) and a video; a failed one is tried again', async () => {
    const box = await sandboxWith()
    const db = newDb()
    box.inject({method: 'POST', path: /^\/file\/v1\/[^/]+\/files\//, kind: 'status', status: 500, body: '{}', headers: {'Retry-After': '0'}, times: 5})
    const first = await sync(box, db, '--media', '--json')
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout).media).toMatchObject({failed: 1})
    expect(await sql(box, db, `SELECT status, attempts FROM message_media WHERE kind = 'file'`)).toEqual([{status: 'failed', attempts: 1}])

    const again = await sync(box, db, '--media', '--json')
    expect(JSON.parse(again.stdout).media).toMatchObject({saved: 1, failed: 0})
    const [file] = await sql(box, db, `SELECT mm.url, mm.file_name, md.path, md.content_type, md.bytes FROM message_media mm JOIN media md ON md.sha256 = mm.sha256 WHERE mm.kind = 'file'`)
    const stored = box.store.files.files.get(SEED_FILE_ID)!
    expect(file).toEqual({url: SEED_FILE_ID, file_name: 'budget.csv', path: expect.stringMatching(/^[0-9a-f]{2}\/[0-9a-f]{64}\.csv$/), content_type: 'text/csv', bytes: stored.bytes.length})
    expect(readFileSync(join(db, '..', 'archive-media', String(file.path)))).toEqual(stored.bytes)
    const [video] = await sql(box, db, `SELECT md.content_type FROM message_media mm JOIN media md ON md.sha256 = mm.sha256 WHERE mm.kind = 'video'`)
    expect(video).toEqual({content_type: 'video/mp4'})
  })

  test('the CSV export\'s reactions column: emoji×count, a GroupMe emoji as pack:ID:INDEX×count', async () => {
    const box = await sandboxWith()
    const db = newDb()
    const cafe = box.store.messages(ALICE.id).find((message) => message.text === 'Sounds good — see you at Café Müller')!
    box.store.react(cafe, ME.id, {type: 'emoji', pack_id: 1, pack_index: 12})
    expect((await sync(box, db)).code).toBe(0)
    const out = mkdtempSync(join(tmpdir(), 'groupme-archive-csv-'))
    expect((await runCli(['archive', 'export', '--db', db, '--format', 'csv', '--out', out, '--chat', '@Alice'], {sandbox: box})).code).toBe(0)
    const [csv] = readdirSync(out).map((name) => readFileSync(join(out, name), 'utf8'))
    const line = csv.split('\n').find((row) => row.includes('Café Müller'))!
    expect(line).toContain('❤️×1 pack:1:12×1')
  })
})
