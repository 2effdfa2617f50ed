import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {join} from 'node:path'
import {ALICE, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshConfigDir, runInProcessOrSpawn as runCli} from '../helpers/run-in-process.js'

const lines = (stdout: string) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line))

describe('--json FIELDS and --jq', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  /** Every list and show command, with an argument list that works against the sandbox. */
  const commands = (state: string): Array<[string, string[]]> => [
    ['chats list', ['chats', 'list']],
    ['chats show', ['chats', 'show', ALICE.id]],
    ['dm list', ['dm', 'list', ALICE.id, '--limit', '3']],
    ['dm tail', ['dm', 'tail', ALICE.id, '--state', state, '--limit', '3']],
    ['auth status', ['auth', 'status']],
  ]

  test('--json=FIELDS and --json FIELDS print only those fields, as objects; dotted paths keep their nesting', async () => {
    const chats = await runCli(['chats', 'list', '--json', 'messages_count,other_user.name'], {sandbox})
    expect(chats.code).toBe(0)
    expect(JSON.parse(chats.stdout)).toEqual(sandbox.store.chats().map((chat) => ({messages_count: chat.messages_count, other_user: {name: chat.other_user.name}})))
    // Ids the service sent as numbers stay numbers (docs/service.md, Chats).
    const ids = await runCli(['chats', 'list', '--json=other_user.id'], {sandbox})
    expect(JSON.parse(ids.stdout)).toEqual(sandbox.store.chats().map((chat) => ({other_user: {id: chat.other_user.id}})))
    expect(JSON.parse(ids.stdout).some((chat: {other_user: {id: unknown}}) => typeof chat.other_user.id === 'number')).toBe(true)
    const show = await runCli(['chats', 'show', '--json=other_user.id,last_read_message_id', ALICE.id], {sandbox})
    const chat = sandbox.store.chat(ALICE.id)!
    expect(JSON.parse(show.stdout)).toEqual({other_user: {id: chat.other_user.id}, last_read_message_id: chat.last_read_message_id})
    const messages = await runCli(['dm', 'list', ALICE.id, '--limit', '3', '--json', 'id,text,updated_at'], {sandbox})
    const newest = sandbox.store.messages(ALICE.id).slice(-3).reverse()
    // A field a message does not have is null, so every object has every field asked for.
    expect(JSON.parse(messages.stdout)).toEqual(newest.map((message) => ({id: message.id, text: message.text, updated_at: null})))
    const status = await runCli(['auth', 'status', '--json=user.id'], {sandbox})
    expect(JSON.parse(status.stdout)).toEqual({user: {id: sandbox.meId}})
  })

  test('--jsonl FIELDS, and --json=FIELDS --jsonl: one object a line', async () => {
    const one = await runCli(['dm', 'list', ALICE.id, '--limit', '2', '--jsonl', 'id,sender_id'], {sandbox})
    const two = await runCli(['dm', 'list', ALICE.id, '--limit', '2', '--json=id,sender_id', '--jsonl'], {sandbox})
    expect(one.code).toBe(0)
    expect(one.stdout).toBe(two.stdout)
    expect(lines(one.stdout).map((message) => Object.keys(message))).toEqual([
      ['id', 'sender_id'],
      ['id', 'sender_id'],
    ])
  })

  test('--json alone is unchanged: the whole objects; an argument after --json is still an argument', async () => {
    const whole = await runCli(['chats', 'show', '--json', ALICE.id], {sandbox})
    expect(whole.code).toBe(0)
    expect(JSON.parse(whole.stdout)).toEqual(JSON.parse(JSON.stringify(sandbox.store.chat(ALICE.id))))
    const byName = await runCli(['dm', 'list', '--json', '@alice example', '--limit', '1'], {sandbox})
    expect(byName.code).toBe(0)
    expect(JSON.parse(byName.stdout)[0].id).toBe(sandbox.store.messages(ALICE.id).at(-1)!.id)
  })

  test.each(['chats list', 'chats show', 'dm list', 'dm tail', 'auth status'])('%s: an unknown field is exit 2 listing the fields, nothing sent', async (name) => {
    const state = join(freshConfigDir(), 'state.json')
    const [, args] = commands(state).find(([command]) => command === name)!
    sandbox.resetRequests()
    const result = await runCli([...args, '--json=nope'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const {message} = JSON.parse(result.stderr).error
    expect(message).toMatch(/^unknown JSON field "nope"; the fields are: /)
    expect(sandbox.requests).toHaveLength(0)
    const help = await runCli([...name.split(' '), '--help'], {sandbox})
    expect(help.stdout).toContain('JSON FIELDS')
  })

  test.each(['chats list', 'chats show', 'dm list', 'dm tail', 'auth status'])('%s: --json with fields and --jq work', async (name) => {
    // dm tail moves its state: each run gets a fresh one.
    const args = () => commands(join(freshConfigDir(), 'state.json')).find(([command]) => command === name)![1]
    const field = name.startsWith('dm') ? 'id' : name === 'auth status' ? 'token_source' : 'messages_count'
    const selected = await runCli([...args(), `--json=${field}`], {sandbox})
    expect(selected.code).toBe(0)
    const value = JSON.parse(selected.stdout)
    for (const item of Array.isArray(value) ? value : [value]) expect(Object.keys(item)).toEqual([field])
    const filtered = await runCli([...args(), '--jq', Array.isArray(value) ? `.[0].${field}` : `.${field}`], {sandbox})
    expect(filtered.code).toBe(0)
    const first = (Array.isArray(value) ? value[0] : value)[field]
    expect(filtered.stdout).toBe(`${first}\n`)
  })

  test('--jq: strings raw, on the whole array with --json, on each object with --jsonl', async () => {
    const names = await runCli(['chats', 'list', '--jq', '.[].other_user.name | select(test("^a"; "i"))'], {sandbox})
    expect(names.stdout).toBe('Alice Example\n')
    const texts = await runCli(['dm', 'list', ALICE.id, '--limit', '3', '--jsonl', '--jq', '.text'], {sandbox})
    expect(texts.stdout).toBe(sandbox.store.messages(ALICE.id).slice(-3).reverse().map((message) => `${message.text}\n`).join(''))
    const objects = await runCli(['dm', 'list', ALICE.id, '--limit', '2', '--jq', 'map({id})'], {sandbox})
    expect(JSON.parse(objects.stdout)).toHaveLength(2)
  })

  test('--jq errors: a program that does not compile is exit 2 with nothing sent; a runtime error is exit 1', async () => {
    sandbox.resetRequests()
    const syntax = await runCli(['chats', 'list', '--jq', '.[] |'], {sandbox})
    expect(syntax.code).toBe(2)
    expect(syntax.stderr).toMatch(/--jq: error: syntax error/)
    expect(sandbox.requests).toHaveLength(0)
    const runtime = await runCli(['chats', 'list', '--jq', '.[0].messages_count.x'], {sandbox})
    expect(runtime.code).toBe(1)
    expect(runtime.stderr).toMatch(/--jq: error \(at \/dev\/stdin:0\): Cannot index number with string \("x"\)/)
  })

  test('--jq keeps an 18-digit id whole', async () => {
    const id = sandbox.store.messages(ALICE.id).at(-1)!.id
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '1', '--jq', '.[0].id | tonumber'], {sandbox})
    expect(result.stdout).toBe(`${id}\n`)
  })
})
