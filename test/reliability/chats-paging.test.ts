/**
 * A server that ignores `page` on /chats and answers every page with the same chat: each walk of
 * the chat list ends at the first page that brings no chat not seen before, says so (exit 1, a
 * broken answer), prints or archives each chat once, and never loops.
 */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import type {Sandbox} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {runCli} from '../helpers/run-in-process.js'

const sandboxWith = sandboxPerTest()

/** Every /chats request answered with page 1's first chat, whatever page it asks for. */
async function pageIgnoringServer(): Promise<{box: Sandbox; chat: {other_user: {id: string}}}> {
  const box = await sandboxWith({})
  const chat = JSON.parse(JSON.stringify(box.store.chats()[0])) as {other_user: {id: string}}
  box.inject({method: 'GET', path: '/v3/chats', times: 1_000_000, kind: 'status', status: 200, body: JSON.stringify({meta: {code: 200}, response: [chat]})})
  return {box, chat}
}

const chatRequests = (box: Sandbox) => box.requests.filter((request) => request.path === '/v3/chats').length
const REPEATED = /\/chats page 2 brought no chat that was not on an earlier page/

describe('/chats paging guard', () => {
  test('chats list --all: the chat once, then exit 1 naming the repeat', async () => {
    const {box, chat} = await pageIgnoringServer()
    const result = await runCli(['chats', 'list', '--all', '--jsonl'], {sandbox: box})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(REPEATED)
    const printed = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as {other_user: {id: string}}).other_user.id)
    expect(printed).toEqual([String(chat.other_user.id)])
    expect(chatRequests(box)).toBe(2)
  })

  test('api chats --paginate: page 1 printed, then exit 1, no loop', async () => {
    const {box} = await pageIgnoringServer()
    const result = await runCli(['api', 'chats', '--paginate'], {sandbox: box})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/page 2 brought nothing that was not on an earlier page/)
    expect(chatRequests(box)).toBe(2)
  })

  test('archive sync: the chat listed once, then exit 1, no loop', async () => {
    const {box} = await pageIgnoringServer()
    const db = join(mkdtempSync(join(tmpdir(), 'groupme-chats-paging-')), 'archive.db')
    const result = await runCli(['archive', 'sync', '--db', db, '--json'], {sandbox: box})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(REPEATED)
    expect(chatRequests(box)).toBe(2)
  })
})
