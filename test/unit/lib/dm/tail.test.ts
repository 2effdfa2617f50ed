import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'

import type {MessageQuery} from '../../../../src/api/api.js'
import {SandboxStore} from '../../../../src/sandbox/store.js'
import {newState, readState, writeStateAtomically} from '../../../../src/lib/dm/state-files.js'
import {advance, fetchNew, newestId} from '../../../../src/lib/dm/tail/position.js'
import {tailFrom, type TailOptions} from '../../../../src/lib/dm/tail/session.js'
import {NothingNewError} from '../../../../src/base/errors.js'
import {SandboxClient} from '../../helpers/sandbox-client.js'

const directory = () => mkdtempSync(join(tmpdir(), 'groupme-tail-'))

/** 18-digit ids beyond 2^53, like the service's. */
const idAt = (i: number) => `17477785899${String(i).padStart(7, '0')}`

/** A conversation of `count` messages with `otherUserId`, answered by the sandbox's rules, in-process. */
function fakeClient(count: number, otherUserId = '1'): {client: SandboxClient; calls: MessageQuery[]} {
  const store = new SandboxStore({id: '100000001', name: 'Me', avatar_url: null}, 'http://sandbox.invalid')
  store.addUser({id: otherUserId, name: 'Other', avatar_url: null})
  for (let i = 0; i < count; i++) store.insert({id: idAt(i), senderId: otherUserId, otherUserId, createdAt: 1_700_000_000 + i, text: `m${i}`})
  const client = new SandboxClient(store)
  return {client, calls: client.queries}
}

describe('tail state file', () => {
  test('round-trips, written atomically with no temporary file left behind', async () => {
    const dir = directory()
    const path = join(dir, 'nested', 'alice.json')
    const state = newState('118825642', '174777858990222590', new Date('2026-01-02T03:04:05Z'))
    await writeStateAtomically(path, state)
    expect(await readState(path)).toEqual(state)
    expect(readdirSync(join(dir, 'nested'))).toEqual(['alice.json'])
    // Ids stay strings: no rounding past 2^53.
    expect(JSON.parse(readFileSync(path, 'utf8')).last_message_id).toBe('174777858990222590')
  })

  test('overwrites the previous state', async () => {
    const path = join(directory(), 's.json')
    await writeStateAtomically(path, newState('1', '10'))
    await writeStateAtomically(path, newState('1', '11'))
    expect((await readState(path))?.last_message_id).toBe('11')
  })

  test('a missing file is no state; null means an empty conversation', async () => {
    const path = join(directory(), 's.json')
    expect(await readState(path)).toBeUndefined()
    await writeStateAtomically(path, newState('1', null))
    expect((await readState(path))?.last_message_id).toBeNull()
  })

  test.each([
    ['not json', '{'],
    ['wrong version', JSON.stringify({version: 2, other_user_id: '1', last_message_id: '2'})],
    ['numeric id', JSON.stringify({version: 1, other_user_id: '1', last_message_id: 2})],
    ['non-numeric user', JSON.stringify({version: 1, other_user_id: 'bob', last_message_id: '2'})],
    ['array', '[]'],
  ])('%s is not a state file: exit 2', async (_, text) => {
    const path = join(directory(), 's.json')
    writeFileSync(path, text)
    await expect(readState(path)).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining(path)})
  })
})

describe('fetching what is new', () => {
  test('without a position: the last `limit`, oldest first', async () => {
    const {client} = fakeClient(50)
    const batch = await fetchNew(client, {otherUserId: '1', position: undefined, limit: 5})
    expect(batch.map((message) => message.id)).toEqual([45, 46, 47, 48, 49].map(idAt))
  })

  test('after a position: all 150 new ones, oldest first, no gap and no repeat (since_id alone gives only 100)', async () => {
    const {client, calls} = fakeClient(200)
    const batch = await fetchNew(client, {otherUserId: '1', position: idAt(49), limit: 5})
    expect(batch.map((message) => message.id)).toEqual(Array.from({length: 150}, (_, i) => idAt(50 + i)))
    expect(calls[0]).toMatchObject({sinceId: idAt(49)})
    expect(calls.some((call) => call.beforeId !== undefined)).toBe(true)
  })

  test('nothing new: empty', async () => {
    const {client} = fakeClient(10)
    expect(await fetchNew(client, {otherUserId: '1', position: idAt(9), limit: 5})).toEqual([])
  })

  test('null position (empty at the last run): everything', async () => {
    const {client} = fakeClient(130)
    expect(await fetchNew(client, {otherUserId: '1', position: null, limit: 5})).toHaveLength(130)
  })

  test('newestId', async () => {
    expect(await newestId(fakeClient(3).client, '1')).toBe(idAt(2))
    expect(await newestId(fakeClient(0).client, '1')).toBeNull()
  })

  test('advance moves to the newest printed id, never backwards', () => {
    const batch = [{id: idAt(5), created_at: 0, text: ''}, {id: idAt(7), created_at: 0, text: ''}]
    expect(advance(idAt(1), batch)).toBe(idAt(7))
    expect(advance(undefined, batch)).toBe(idAt(7))
    expect(advance(null, [])).toBeNull()
    expect(advance(undefined, [])).toBeNull()
    expect(advance(idAt(3), [])).toBe(idAt(3))
    expect(advance(idAt(9), batch)).toBe(idAt(9))
    // Ids of different lengths compare as numbers.
    expect(advance('99', [{id: '100', created_at: 0, text: ''}])).toBe('100')
  })

  test('NothingNewError is exit 7', () => {
    const error = new NothingNewError('nothing new')
    expect(error.exitCode).toBe(7)
    expect(error.code).toBe('nothing_new')
  })
})

describe('a tail run (src/lib/dm/tail/session.ts)', () => {
  const run = async (count: number, options: Partial<TailOptions> & {statePath: string}) => {
    const {client} = fakeClient(count, '118825642')
    const printed: string[][] = []
    const positionsWhenPrinted: Array<string | null | undefined> = []
    const notes: string[] = []
    const base: Omit<TailOptions, 'statePath'> = {
      otherUserId: '118825642',
      position: undefined,
      hasState: false,
      limit: 20,
      init: false,
      exitStatus: false,
      follow: false,
      intervalSeconds: 1,
    }
    await tailFrom(client, {...base, ...options}, {
      critical: (work) => work(),
      sleep: async () => {},
      async emit(batch) {
        printed.push(batch.map((message) => message.id))
        positionsWhenPrinted.push((await readState(options.statePath))?.last_message_id)
      },
      note: (line) => notes.push(line),
    })
    return {printed, positionsWhenPrinted, notes, state: await readState(options.statePath)}
  }

  test('first run: prints the last `limit`, oldest first, and records the newest', async () => {
    const statePath = join(directory(), 'a.json')
    const {printed, positionsWhenPrinted, state} = await run(30, {statePath, limit: 5})
    expect(printed).toEqual([[idAt(25), idAt(26), idAt(27), idAt(28), idAt(29)]])
    // The state file is written only after the batch has been printed.
    expect(positionsWhenPrinted).toEqual([undefined])
    expect(state?.last_message_id).toBe(idAt(29))
  })

  test('--init prints nothing, says so, and records the newest', async () => {
    const statePath = join(directory(), 'a.json')
    const {printed, notes, state} = await run(30, {statePath, init: true})
    expect(printed).toEqual([])
    expect(notes).toEqual([`Recorded: new messages are those after ${idAt(29)}.`])
    expect(state?.last_message_id).toBe(idAt(29))
  })

  test('nothing new with a state file: an empty batch printed, the state file left as it was', async () => {
    const statePath = join(directory(), 'a.json')
    await writeStateAtomically(statePath, newState('118825642', idAt(29), new Date('2026-01-01T00:00:00Z')))
    const before = readFileSync(statePath, 'utf8')
    const {printed} = await run(30, {statePath, position: idAt(29), hasState: true})
    expect(printed).toEqual([[]])
    expect(readFileSync(statePath, 'utf8')).toBe(before)
  })

  test('nothing new with --exit-status: NothingNewError (exit 7)', async () => {
    const statePath = join(directory(), 'a.json')
    await expect(run(30, {statePath, position: idAt(29), hasState: true, exitStatus: true})).rejects.toBeInstanceOf(NothingNewError)
  })
})
