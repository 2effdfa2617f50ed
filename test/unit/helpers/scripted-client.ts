import {afterAll, beforeAll} from '@jest/globals'
import {GroupMeClient} from '../../../src/api/client.js'
import {FakeClock} from '../../helpers/clock.js'
import {type ScriptedServer, startScriptedServer} from './http-server.js'

/**
 * A scripted server for the test file (started before its tests, closed after) and the real
 * client against it, with quick retries. Call at the file's top level.
 */
export function scriptedClient(): {server: () => ScriptedServer; client: () => GroupMeClient} {
  let server: ScriptedServer | undefined
  beforeAll(async () => {
    server = await startScriptedServer()
  })
  afterAll(async () => {
    await server?.close()
  })
  const running = () => {
    if (!server) throw new Error('the scripted server is not started: call scriptedClient() at the top level')
    return server
  }

  return {
    server: running,
    client: () => {
      const {url} = running()
      const endpoints = {api: `${url}/v3`, v2: `${url}/v2`, image: `${url}/image`, v4: `${url}/v4`, file: `${url}/file/v1`}
      return new GroupMeClient(endpoints, {
        token: 'scripted-client-token-0123456789',
        timeoutMs: 5000,
        maxRequestsPerSecond: 0,
        retry: {maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 100},
        userAgent: 'groupme-cli-test/1.0',
        // The waits between attempts take no real time.
        clock: new FakeClock(undefined, {skipWaits: true}),
      })
    },
  }
}
