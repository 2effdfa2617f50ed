/**
 * The file service (GROUPME_FILE_URL; docs/actions.md, Files): upload a file streamed from disk,
 * poll its job until done, describe files and save one. The token goes to the configured file
 * host only: a status URL on any other host is refused before it is asked.
 */
import type {Clock} from '../base/clock.js'
import {NetworkError, ServerError, UsageError} from '../base/errors.js'
import {sanitizeLine} from '../base/sanitize.js'
import * as shapes from './shapes.js'
import {required} from './shapes.js'
import type {Transport} from './transport.js'
import type {FileData, UploadFile} from './types.js'
import {mebibytes} from '../base/size.js'

/** The most the service takes: 50 MB (docs/actions.md, Files). */
const MAX_FILE_BYTES = 50 * 1024 * 1024

/** Exit 2 before any request for a file the service would refuse; `shown` names it (sanitised). */
export function requireFileSize(shown: string, size: number): void {
  if (size > MAX_FILE_BYTES) throw new UsageError(`--file: ${shown} is ${mebibytes(size)}; the file service takes at most ${mebibytes(MAX_FILE_BYTES, 0)}; nothing was sent`)
}

/** The first wait between two status polls, doubled each time up to MAX_POLL_WAIT_MS. */
const FIRST_POLL_WAIT_MS = 250
const MAX_POLL_WAIT_MS = 2000

/** Done, as the docs write it and as a desktop client checks it (docs/actions.md, Files). */
const DONE = new Set(['complete', 'completed'])

export class FileService {
  constructor(
    private readonly transport: Transport,
    private readonly base: string,
    private readonly clock: Clock,
  ) {}

  /** Upload, then poll the job with backoff until done, the polls under one request deadline; the file's id. */
  async upload(conversation: string, file: UploadFile): Promise<string> {
    const shown = sanitizeLine(file.name)
    requireFileSize(shown, file.size)
    const uploaded = await this.transport.request({
      method: 'POST',
      url: `${this.base}/${conversation}/files`,
      searchParams: {name: file.name},
      file: {path: file.path, size: file.size},
      // The docs send application/json even for the bytes; the service names the file by `name`.
      contentType: 'application/json',
      // Uploading twice only leaves an unused copy.
      idempotent: true,
      expect: required(shapes.statusUrl),
    })
    const statusUrl = this.onFileHost(uploaded.data!)
    const deadline = this.transport.deadlineFromNow()
    for (let wait = FIRST_POLL_WAIT_MS; ; wait = Math.min(wait * 2, MAX_POLL_WAIT_MS)) {
      const {data} = await this.transport.request({method: 'GET', url: statusUrl, deadline, expect: required(shapes.uploadStatus)})
      const {status, file_id: fileId} = data!
      if (DONE.has(status)) {
        if (!fileId) throw new ServerError(`the file service finished ${shown} without a file_id; nothing was sent`)
        return fileId
      }

      if (/fail|error/i.test(status)) throw new ServerError(`the file service could not take ${shown} (status ${JSON.stringify(sanitizeLine(status))}); nothing was sent`)
      if (this.clock.now() + wait >= deadline) throw new NetworkError(`the file service did not finish ${shown} in time (the request deadline, twice --timeout); nothing was sent`)
      await this.clock.sleep(wait)
    }
  }

  async fileData(conversation: string, fileIds: string[]): Promise<FileData[]> {
    const result = await this.transport.request({
      method: 'POST',
      url: `${this.base}/${conversation}/fileData`,
      json: {file_ids: fileIds},
      // It only reads.
      idempotent: true,
      expect: required(shapes.fileData),
    })
    return result.data!
  }

  /** The file's bytes streamed to `to`, at most MAX_FILE_BYTES, with the token and no redirect followed. */
  async download(conversation: string, fileId: string, to: string): Promise<{contentType?: string; bytes: number}> {
    const result = await this.transport.request({
      method: 'POST',
      url: `${this.base}/${conversation}/files/${encodeURIComponent(fileId)}`,
      idempotent: true,
      download: {to, maxBytes: MAX_FILE_BYTES, withToken: true},
    })
    return {contentType: result.contentType, bytes: result.downloadedBytes ?? 0}
  }

  /** The status URL, if it is on the configured file host; the token goes nowhere else. */
  private onFileHost(statusUrl: string): string {
    let url: URL
    try {
      url = new URL(statusUrl)
    } catch {
      throw new ServerError('the file service answered a status URL that is not a URL; nothing was sent')
    }

    if (url.origin !== new URL(this.base).origin) {
      throw new ServerError(
        `the file service answered a status URL on another host (${sanitizeLine(url.host)}, not ${new URL(this.base).host}); the token is not sent there, and nothing was sent`,
      )
    }

    return url.href
  }
}
