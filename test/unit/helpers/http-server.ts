import {createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

/** What the scripted server answers to one request. */
export interface ScriptedReply {
  status?: number
  headers?: Record<string, string>
  /** A string or Buffer is sent as is; anything else is sent as JSON (with a JSON content type unless given). */
  body?: unknown
  /** Wait this long before answering. */
  delayMs?: number
  /** Drop the connection instead of answering (the client sees a reset). */
  destroy?: boolean
}

/** One request as the server saw it. */
export interface SeenRequest {
  method: string
  /** Path and query exactly as sent on the request line. */
  url: string
  headers: IncomingHttpHeaders
  body: string
  /** The body's bytes. */
  raw: Buffer
}

export type Script = ScriptedReply | ((request: SeenRequest, index: number) => ScriptedReply)

export interface ScriptedServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string
  requests: SeenRequest[]
  /**
   * Answers in order, one per request; the last one repeats once the list runs out. A function
   * decides per request.
   */
  script(...replies: Script[]): void
  close(): Promise<void>
}

/** A tiny HTTP server on 127.0.0.1, port 0, answering each request as the test scripted it. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let replies: Script[] = [{status: 200, body: {response: {}, meta: {code: 200}}}]
  const requests: SeenRequest[] = []
  const timers = new Set<NodeJS.Timeout>()

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: raw.toString('utf8'),
        raw,
      }
      const index = requests.length
      requests.push(seen)
      const script = replies[Math.min(index, replies.length - 1)]
      const reply = typeof script === 'function' ? script(seen, index) : script
      const answer = () => {
        if (reply.destroy) {
          req.socket.destroy()
          return
        }

        // The client may have given up (a timeout) while this answer was delayed.
        if (res.destroyed || res.writableEnded || req.socket.destroyed) return
        const headers: Record<string, string> = {...reply.headers}
        let payload: string | Buffer = ''
        if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
          payload = reply.body
        } else if (reply.body !== undefined) {
          payload = JSON.stringify(reply.body)
          if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
            headers['Content-Type'] = 'application/json'
          }
        }

        res.writeHead(reply.status ?? 200, headers)
        res.end(payload)
      }

      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer)
          answer()
        }, reply.delayMs)
        timers.add(timer)
      } else {
        answer()
      }
    })
  })

  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...next: Script[]) {
      if (next.length === 0) throw new Error('script() needs at least one reply')
      replies = next
      requests.length = 0
    },
    async close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
      })
    },
  }
}

/** The usual `{response, meta}` envelope. */
export function envelope(response: unknown, code = 200, errors?: string[]): {response: unknown; meta: {code: number; errors?: string[]}} {
  return {response, meta: errors ? {code, errors} : {code}}
}
