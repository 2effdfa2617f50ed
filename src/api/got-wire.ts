/**
 * The production wire (http.ts): got's stream API, with the fixed options set once, about half
 * the per-request cost of its promise API (docs/decisions/0001-got-stays-the-one-http-client.md;
 * G1 in `npm run bench` measures the whole transport). Keep-alive agents: paging reuses one socket.
 */
import {createReadStream, createWriteStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import type {IncomingHttpHeaders} from 'node:http'
import type {Got, Request} from 'got'
import {fileFailure} from '../base/file-errors.js'
import {PRIVATE_FILE_MODE} from '../base/files.js'
import {NoAnswer, type Wire, type WireAnswer} from './http.js'
import {mebibytes} from '../base/size.js'

/** What an error answer's body is read for: a line for the user. The rest is not read. */
const MAX_ERROR_BODY_BYTES = 64 * 1024

/** Two got instances, built on first use: API calls never follow a redirect; downloads do. */
interface Clients {
  api: Got
  download: Got
}

/** got over HTTP, loaded on the first request: a command that sends nothing never loads it. */
export function gotWire(): Wire {
  let clients: Promise<Clients> | undefined
  return async (request) => {
    clients ??= loadClients()
    const {api, download} = await clients
    const client = request.download?.followRedirects ? download : api
    const stream = client.stream(request.url, {method: request.method, json: request.json, body: request.body, headers: request.headers, timeout: {request: request.timeoutMs}})
    if (request.file) {
      const {path} = request.file
      createReadStream(path).once('error', (error) => stream.destroy(fileFailure(error, {path, action: 'read'}) ?? error)).pipe(stream)
    } else if (request.method !== 'GET' && request.json === undefined && request.body === undefined) {
      // got ends a GET itself; a POST or DELETE without a body is a writable stream waiting for one.
      stream.end()
    }

    return request.download ? saveTo(stream, request.download) : collect(stream, request.maxBodyBytes)
  }
}

async function loadClients(): Promise<Clients> {
  const [{default: got}, {Agent: HttpAgent}, {Agent: HttpsAgent}] = await Promise.all([import('got'), import('node:http'), import('node:https')])
  const base = got.extend({
    agent: {http: new HttpAgent({keepAlive: true}), https: new HttpsAgent({keepAlive: true})},
    retry: {limit: 0},
    throwHttpErrors: false,
  })
  return {
    // A redirect could carry the token header to another host.
    api: base.extend({followRedirect: false}),
    // Image URLs redirect to signed ones (docs/service.md, Message objects in the wild); no token goes with them.
    download: base.extend({followRedirect: true}),
  }
}

/**
 * The answer of a got stream, its body read up to `maxBytes`: a longer success body stops the
 * transfer and is refused at once, since a hostile size does not shrink on a retry. An error
 * answer is read up to MAX_ERROR_BODY_BYTES, enough for a line, and the rest is not read. Rejects
 * with got's error when no answer came.
 */
function collect(stream: Request, maxBytes: number): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const isError = () => {
      const status = stream.response?.statusCode ?? 200
      return status >= 300 && status !== 304
    }

    const answer = (): WireAnswer => {
      const {statusCode, statusMessage, httpVersion, headers} = stream.response!
      return {statusCode, statusMessage, httpVersion, headers, body: Buffer.concat(chunks)}
    }

    const stop = () => {
      if (isError()) resolve(answer())
      else reject(new NoAnswer(`the answer is larger than ${mebibytes(maxBytes, 0)}, the most an answer may be`, true))
      stream.destroy()
    }

    stream.on('response', (response: {headers: IncomingHttpHeaders}) => {
      if (!isError() && Number(response.headers['content-length']) > maxBytes) stop()
    })
    stream.on('data', (chunk: Buffer) => {
      const limit = isError() ? MAX_ERROR_BODY_BYTES : maxBytes
      chunks.push(chunk.subarray(0, Math.max(0, limit - size)))
      size += chunk.length
      if (size > limit) stop()
    })
    stream.once('error', reject)
    stream.once('end', () => (stream.response ? resolve(answer()) : reject(new Error('no response'))))
  })
}

/**
 * A 2xx body goes straight to `to`, never into memory, up to `maxBytes`; a bigger file is refused
 * and what was written is removed. Another status is read as an error answer.
 */
function saveTo(stream: Request, target: {to: string; maxBytes: number}): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.once('response', (response: {statusCode: number; headers: IncomingHttpHeaders}) => {
      if (response.statusCode < 200 || response.statusCode >= 300) {
        collect(stream, MAX_ERROR_BODY_BYTES).then(resolve, reject)
        return
      }

      const declared = Number(response.headers['content-length'])
      const refuse = () => {
        stream.destroy()
        file.destroy()
        void rm(target.to, {force: true}).finally(() => reject(new NoAnswer(`the file is larger than ${mebibytes(target.maxBytes, 0)}, the most a download may be`, true)))
      }

      const file = createWriteStream(target.to, {mode: PRIVATE_FILE_MODE})
      if (declared > target.maxBytes) return refuse()
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > target.maxBytes) refuse()
      })
      file.once('error', (error) => {
        stream.destroy()
        reject(fileFailure(error, {path: target.to, action: 'write'}) ?? error)
      })
      file.once('finish', () => resolve({statusCode: response.statusCode, headers: response.headers, body: Buffer.alloc(0), downloadedBytes: size}))
      stream.pipe(file)
    })
  })
}
