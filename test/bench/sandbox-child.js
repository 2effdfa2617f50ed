#!/usr/bin/env node
// The local sandbox in a process of its own, for `npm run bench`: its CPU does not count against
// the measured command, and the measured command's does not slow it down.
//
//   node test/bench/sandbox-child.js [MESSAGES] [--chats N --per-chat M] [--latency MS] [--push-timeout S]
//
// --chats adds N generated chats of M messages each (the archive figures); --latency delays every
// answer by MS milliseconds, like a real network.
// Prints one JSON line on stdout, {url, env, control}, then stays up until its stdin closes or it
// is sent SIGTERM. `control` is a second tiny HTTP server:
//   GET  /requests          {count, pages}: requests the sandbox received (pages = GET /v3/direct_messages)
//   GET  /requests?list=1   the same plus the recorded URLs
//   POST /reset             forget the recorded requests
//   POST /faults?rate=R&statuses=429,500&shapes=empty-body,not-array&seed=S   sandbox.randomFaults(...); rate=0 switches off
//   POST /insert            one message from Alice now: {id, committedAt} (epoch ms, sub-ms precision)
//   POST /burst?n=N         N messages now, across Alice, Bob and Carol: {count}
import {createServer} from 'node:http'

const {ALICE, BOB, CAROL, startSandbox} = await import(new URL('../../dist/sandbox/index.js', import.meta.url).href)

const messages = Number(process.argv[2] ?? 0)
const option = (name) => {
  const at = process.argv.indexOf(name)
  return at >= 0 ? Number(process.argv[at + 1]) : undefined
}
const sandbox = await startSandbox({messages, chats: option('--chats'), messagesPerChat: option('--per-chat'), latencyMs: option('--latency'), pushTimeoutSeconds: option('--push-timeout')})
const partners = [ALICE.id, BOB.id, CAROL.id]
let sent = 0

const control = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://control')
  const reply = (status, value) => {
    response.writeHead(status, {'content-type': 'application/json'})
    response.end(JSON.stringify(value))
  }

  if (url.pathname === '/requests') {
    const {requests} = sandbox
    const pages = requests.filter((r) => r.method === 'GET' && r.path === '/v3/direct_messages').length
    return reply(200, {count: requests.length, pages, ...(url.searchParams.has('list') && {urls: requests.map((r) => `${r.method} ${r.url}`)})})
  }

  if (url.pathname === '/reset') {
    sandbox.resetRequests()
    return reply(200, {ok: true})
  }

  if (url.pathname === '/faults') {
    const rate = Number(url.searchParams.get('rate') ?? 0)
    const statuses = url.searchParams.get('statuses')?.split(',').map(Number)
    const shapes = url.searchParams.get('shapes')?.split(',').filter(Boolean)
    const seed = Number(url.searchParams.get('seed') ?? 1)
    sandbox.randomFaults({rate, ...(statuses && {statuses}), ...(shapes && {shapes}), seed})
    return reply(200, {ok: true})
  }

  if (url.pathname === '/insert') {
    const [message] = sandbox.store.addMessages(ALICE.id, 1, {text: () => `bench ${++sent}`})
    return reply(200, {id: message.id, committedAt: performance.timeOrigin + performance.now()})
  }

  if (url.pathname === '/burst') {
    const n = Number(url.searchParams.get('n') ?? 1)
    for (let i = 0; i < n; i++) sandbox.store.addMessages(partners[sent % 3], 1, {text: () => `bench ${++sent}`})
    return reply(200, {count: n})
  }

  reply(404, {error: 'not found'})
})

await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))
const {port} = control.address()
process.stdout.write(JSON.stringify({url: sandbox.url, env: sandbox.env, control: `http://127.0.0.1:${port}`}) + '\n')

const stop = async () => {
  control.close()
  control.closeAllConnections()
  await sandbox.close()
  process.exit(0)
}

process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The parent died or let go of us.
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
