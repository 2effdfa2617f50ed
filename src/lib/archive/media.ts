/**
 * `archive sync --media`: the bytes of image attachments, saved beside the database and named by
 * their sha256, so an image sent twice is stored once. GroupMe's image URLs expire
 * (docs/service.md, Message objects in the wild): the bytes are what the archive keeps. Runs after the messages are
 * committed, so a slow or failing image host never holds up or breaks the message archive; a
 * failure is recorded in message_media and tried again by the next sync.
 */
import {createHash} from 'node:crypto'
import {access} from 'node:fs/promises'
import {basename, dirname, extname, join} from 'node:path'
import type {GroupMeClient} from '../../api/client.js'
import {CliError} from '../../core/errors.js'
import {extensionFor} from '../dm/export/media.js'
import {PRIVATE_FILE_MODE, writeFileAtomic} from '../../core/files.js'
import type {Database} from './sqlite.js'

export interface MediaOptions {
  /** Larger files are not kept (status `too_large`). */
  maxBytes: number
  /** Attempts before an image is given up (status stays `failed`, not tried again). */
  maxAttempts: number
  concurrency: number
}

export const DEFAULT_MEDIA_OPTIONS: MediaOptions = {maxBytes: 25 * 1024 * 1024, maxAttempts: 5, concurrency: 2}

export interface MediaSummary {
  saved: number
  /** The same bytes were already stored (sent twice). */
  deduplicated: number
  failed: number
  skipped: number
}

/** `archive.db` keeps its images in `archive-media/` beside it. */
export function mediaDirFor(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath, extname(dbPath))}-media`)
}

/** Save every image still waiting (or failed fewer than maxAttempts times). */
export async function saveMedia(client: GroupMeClient, db: Database, dbPath: string, options: MediaOptions = DEFAULT_MEDIA_OPTIONS): Promise<MediaSummary> {
  const summary: MediaSummary = {saved: 0, deduplicated: 0, failed: 0, skipped: 0}
  const waiting = db
    .prepare("SELECT message_id, attachment_index, url FROM message_media WHERE status = 'pending' OR (status = 'failed' AND attempts < ?) ORDER BY message_id")
    .all(options.maxAttempts) as Array<{message_id: string; attachment_index: number; url: string}>
  const mark = db.prepare('UPDATE message_media SET status = ?, sha256 = ?, attempts = attempts + 1, error = ? WHERE message_id = ? AND attachment_index = ?')
  const known = db.prepare('SELECT path FROM media WHERE sha256 = ?')
  const addMedia = db.prepare('INSERT OR IGNORE INTO media (sha256, path, content_type, bytes, saved_at) VALUES (?, ?, ?, ?, ?)')
  const dir = mediaDirFor(dbPath)
  // The same bytes downloaded by two workers at once are written once.
  const writing = new Map<string, Promise<void>>()
  let next = 0
  const worker = async () => {
    while (next < waiting.length) {
      const {message_id: messageId, attachment_index: index, url} = waiting[next++]
      const outcome = await fetchImage(client, url, options.maxBytes)
      if (outcome.kind !== 'ok') {
        summary[outcome.kind === 'skipped' ? 'skipped' : 'failed']++
        mark.run(outcome.kind === 'skipped' ? 'skipped' : 'failed', null, outcome.reason, messageId, index)
        continue
      }

      const sha256 = createHash('sha256').update(outcome.bytes).digest('hex')
      const relative = join(sha256.slice(0, 2), `${sha256}.${extensionFor(outcome.contentType, url)}`)
      const stored = known.get(sha256)?.path as string | undefined
      const inFlight = writing.get(sha256)
      if (inFlight) {
        await inFlight
        summary.deduplicated++
      } else if (stored !== undefined && (await exists(join(dir, stored)))) {
        summary.deduplicated++
      } else {
        // A half-written image never looks saved: the file is complete before its row exists.
        const written = writeFileAtomic(join(dir, relative), outcome.bytes, {mode: PRIVATE_FILE_MODE})
        writing.set(sha256, written)
        await written
        summary.saved++
      }

      db.transaction(() => {
        addMedia.run(sha256, stored ?? relative, outcome.contentType ?? null, outcome.bytes.length, Math.floor(Date.now() / 1000))
        mark.run('saved', sha256, null, messageId, index)
      })
    }
  }

  await Promise.all(Array.from({length: Math.max(1, options.concurrency)}, worker))
  return summary
}

type Fetched = {kind: 'ok'; bytes: Buffer; contentType?: string} | {kind: 'failed' | 'skipped'; reason: string}

async function fetchImage(client: GroupMeClient, url: string, maxBytes: number): Promise<Fetched> {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    return {kind: 'skipped', reason: 'not a URL'}
  }

  // Only the web: a file:, data: or ftp: URL from a message is never followed.
  if (protocol !== 'https:' && protocol !== 'http:') return {kind: 'skipped', reason: `${protocol} URLs are not fetched`}
  try {
    const {bytes, contentType} = await client.download(url)
    if (bytes.length > maxBytes) return {kind: 'skipped', reason: `larger than ${maxBytes} bytes`}
    return {kind: 'ok', bytes, contentType}
  } catch (error) {
    // Any answer or network failure is about this image, not the archive: recorded, tried again later.
    if (!(error instanceof CliError)) throw error
    return {kind: 'failed', reason: (error as Error).message}
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
