#!/usr/bin/env node
// G1 for `npm run bench`: what one page costs through the CLI's transport (got, src/api/
// transport.ts) against a bare node:http GET doing the same work (same URL and headers, body
// collected, JSON parsed), in one process over one keep-alive connection, so start-up plays no
// part. Rounds of 50 requests each, alternating; prints {transportMs, httpMs} per request, medians.
//
//   GROUPME_API_URL=… GROUPME_TOKEN=… node test/bench/transport-cost.js USER_ID [ROUNDS]
import {Agent, get} from 'node:http'

const {Transport} = await import(new URL('../../dist/api/transport.js', import.meta.url).href)
const {DEFAULT_RETRY_POLICY} = await import(new URL('../../dist/api/retry.js', import.meta.url).href)
const {systemClock} = await import(new URL('../../dist/base/clock.js', import.meta.url).href)

const [user, roundsArg = '12'] = process.argv.slice(2)
const api = process.env.GROUPME_API_URL
const token = process.env.GROUPME_TOKEN
const url = `${api}/direct_messages?other_user_id=${user}&limit=100`
const transport = new Transport({token, timeoutMs: 30_000, maxRequestsPerSecond: 0, retry: DEFAULT_RETRY_POLICY, userAgent: 'groupme-bench', clock: systemClock})
const agent = new Agent({keepAlive: true, maxSockets: 1})
const headers = {'X-Access-Token': token, Accept: 'application/json', 'User-Agent': 'groupme-bench'}

const viaTransport = () => transport.request({method: 'GET', url: `${api}/direct_messages`, searchParams: {other_user_id: user, limit: 100}})
const viaHttp = () =>
  new Promise((resolve, reject) => {
    get(url, {agent, headers}, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).response))
    }).on('error', reject)
  })

const PER_ROUND = 50
const samples = {transport: [], http: []}
await viaTransport() // warm-up: loads got, opens the connections
await viaHttp()
for (let round = 0; round < Number(roundsArg); round++) {
  for (const [name, fn] of round % 2 ? [['http', viaHttp], ['transport', viaTransport]] : [['transport', viaTransport], ['http', viaHttp]]) {
    const start = performance.now()
    for (let i = 0; i < PER_ROUND; i++) await fn()
    samples[name].push((performance.now() - start) / PER_ROUND)
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
process.stdout.write(JSON.stringify({transportMs: median(samples.transport), httpMs: median(samples.http)}) + '\n')
agent.destroy()
process.exit(0) // the transport's keep-alive agent would hold the process open
