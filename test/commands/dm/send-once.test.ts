import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {BOB, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'

const DAY = 86_400

describe('dm send --source-guid: once, for as long as --dedupe-window says', () => {
  let sandbox: Sandbox
  const posts = () => sandbox.requests.filter((request) => request.method === 'POST')
  const earlierSend = (guid: string, daysAgo: number) =>
    sandbox.store.insert({senderId: sandbox.meId, otherUserId: BOB.id, text: 'backup done', sourceGuid: guid, createdAt: Math.floor(Date.now() / 1000) - daysAgo * DAY})

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('a guid sent 2 days ago (long past the service\'s minute) is exit 6 saying when, and nothing is posted', async () => {
    const earlier = earlierSend('backup-1', 2)
    const result = await runCli(['dm', 'send', BOB.id, 'backup done', '--source-guid', 'backup-1'], {sandbox})
    expect(result.code).toBe(6)
    const when = new Date(earlier.created_at * 1000).toISOString().replace('.000Z', 'Z')
    expect(result.stderr).toBe(`Error: already sent: source_guid backup-1 is message ${earlier.id}, sent ${when}; nothing was sent again\n`)
    expect(posts()).toHaveLength(0)
    expect(sandbox.store.countBySourceGuid('backup-1')).toBe(1)
  })

  test('--json gives the conflict as an error object', async () => {
    const result = await runCli(['dm', 'send', BOB.id, 'x', '--source-guid', 'backup-1', '--json'], {sandbox})
    expect(result.code).toBe(6)
    expect(JSON.parse(result.stderr).error.code).toBe('conflict')
  })

  test('beyond the default window (7d) the guid is sent again; --dedupe-window 10d finds it', async () => {
    earlierSend('weekly-1', 8)
    const longer = await runCli(['dm', 'send', BOB.id, 'weekly', '--source-guid', 'weekly-1', '--dedupe-window', '10d'], {sandbox})
    expect(longer.code).toBe(6)
    expect(posts()).toHaveLength(0)
    const byDefault = await runCli(['dm', 'send', BOB.id, 'weekly', '--source-guid', 'weekly-1'], {sandbox})
    expect(byDefault.code).toBe(0)
    expect(posts()).toHaveLength(1)
  })

  test('--dedupe-window 0 leaves it to the service: no history is read', async () => {
    earlierSend('zero-1', 1)
    const result = await runCli(['dm', 'send', BOB.id, 'again', '--source-guid', 'zero-1', '--dedupe-window', '0'], {sandbox})
    expect(result.code).toBe(0)
    expect(sandbox.requests.filter((request) => request.path === '/v3/direct_messages' && request.method === 'GET')).toHaveLength(0)
  })

  test('without --source-guid nothing is looked up first', async () => {
    const result = await runCli(['dm', 'send', BOB.id, 'plain'], {sandbox})
    expect(result.code).toBe(0)
    expect(sandbox.requests.map((request) => request.method)).toEqual(['POST'])
  })

  test.each(['7', 'week', '-1d', '1y'])('--dedupe-window %p is exit 2 with nothing sent', async (value) => {
    const result = await runCli(['dm', 'send', BOB.id, 'x', '--source-guid', 'bad-window', '--dedupe-window', value], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--dedupe-window must be')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('--dedupe-window without --source-guid is exit 2', async () => {
    const result = await runCli(['dm', 'send', BOB.id, 'x', '--dedupe-window', '1d'], {sandbox})
    expect(result.code).toBe(2)
    expect(posts()).toHaveLength(0)
  })
})

describe('dm send --source-guid when the look-back fails', () => {
  test('a history that cannot be read (500s) sends nothing: exit 1, no POST', async () => {
    const sandbox = await startSandbox()
    try {
      sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 500, times: 5})
      const result = await runCli(['dm', 'send', BOB.id, 'x', '--source-guid', 'unknowable-1'], {sandbox})
      expect(result.code).toBe(1)
      expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(0)
    } finally {
      await sandbox.close()
    }
  })
})
