/**
 * `archive sync --media`: the bytes of image and video attachments, and of files (through the
 * file service, docs/actions.md, Files), saved beside the database and named by their sha256, so
 * the same bytes sent twice are stored once. GroupMe's image URLs expire
 * (docs/service.md, Message objects in the wild): the bytes are what the archive keeps. Runs after the messages are
 * committed, so a slow or failing image host never holds up or breaks the message archive; a
 * failure is recorded in message_media and tried again by the next sync.
 */
import {randomBytes} from 'node:crypto'
import {access, mkdir, rename, rm} from 'node:fs/promises'
import {basename, dirname, extname, join} from 'node:path'
import type {GroupMeApi} from '../../api/api.js'
import {CliError} from '../../base/errors.js'
import {fileSha256, PRIVATE_DIR_MODE, removeFilesOfDeadWriters} from '../../base/files.js'
import {extensionFor} from '../dm/export/media.js'
import type {Database, Statement} from './sqlite.js'

export interface MediaOptions {
  /** Attempts before an image is given up (status stays `failed`, not tried again). */
  maxAttempts: number
  concurrency: number
}

/** The size cap is the client's (MAX_IMAGE_BYTES, enforced while the bytes stream in). */
export const DEFAULT_MEDIA_OPTIONS: MediaOptions = {maxAttempts: 5, concurrency: 2}

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

/** Save every image still waiting (or failed fewer than maxAttempts times); `now` is in seconds. */
export async function saveMedia(
  client: GroupMeApi,
  db: Database,
  dbPath: string,
  now: () => number,
  options: MediaOptions = DEFAULT_MEDIA_OPTIONS,
): Promise<MediaSummary> {
  const summary: MediaSummary = {saved: 0, deduplicated: 0, failed: 0, skipped: 0}
  const waiting = db
    .prepare(
      `SELECT mm.message_id, mm.attachment_index, mm.url, mm.kind, m.conversation_id FROM message_media mm JOIN messages m ON m.id = mm.message_id
       WHERE mm.status = 'pending' OR (mm.status = 'failed' AND mm.attempts < ?) ORDER BY mm.message_id`,
    )
    .all(options.maxAttempts) as Array<{message_id: string; attachment_index: number; url: string; kind: string; conversation_id: string}>
  if (waiting.length === 0) return summary
  const mark = db.prepare('UPDATE message_media SET status = ?, sha256 = ?, attempts = attempts + 1, error = ? WHERE message_id = ? AND attachment_index = ?')
  const named = db.prepare('UPDATE message_media SET file_name = ? WHERE message_id = ? AND attachment_index = ?')
  const folder = await MediaFolder.open(db, dbPath, now)
  await inParallel(waiting, options.concurrency, async ({message_id: messageId, attachment_index: index, url, kind, conversation_id: conversationId}) => {
    const fetched = kind === 'file' ? await fetchFile(client, conversationId, url, folder.dir) : await fetchImage(client, url, folder.dir)
    if (fetched.kind === 'ok' && fetched.fileName !== undefined) named.run(fetched.fileName, messageId, index)
    summary[await folder.keep(fetched, (status, sha256, error) => mark.run(status, sha256, error, messageId, index))]++
  })
  return summary
}

/** How a download ended. */
type Kept = 'saved' | 'deduplicated' | 'failed' | 'skipped'
/** Records how a download ended on the row that asked for it (message_media, avatars). */
type MarkOutcome = (status: 'saved' | 'failed' | 'skipped', sha256: string | null, error: string | null) => void

/**
 * An archive's media folder, ready for downloads (the leftovers of dead runs removed): a URL is
 * fetched into it and kept by its sha256 (`ab/<sha256>.<ext>`), once, however many workers fetch
 * the same bytes at once. The `media` row and the caller's own (mark) are written in one transaction.
 */
export class MediaFolder {
  private readonly known: Statement
  private readonly addMedia: Statement
  /** The same bytes downloaded by two workers at once are stored once. */
  private readonly storing = new Map<string, Promise<void>>()

  private constructor(
    readonly dir: string,
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.known = db.prepare('SELECT path FROM media WHERE sha256 = ?')
    this.addMedia = db.prepare('INSERT OR IGNORE INTO media (sha256, path, content_type, bytes, saved_at) VALUES (?, ?, ?, ?, ?)')
  }

  static async open(db: Database, dbPath: string, now: () => number): Promise<MediaFolder> {
    const dir = mediaDirFor(dbPath)
    await mkdir(dir, {recursive: true, mode: PRIVATE_DIR_MODE})
    await removeStaleDownloads(dir)
    return new MediaFolder(dir, db, now)
  }

  /** A download kept (or dropped as already stored), or a failed or skipped one, recorded through `mark`. */
  async keep(fetched: Fetched, mark: MarkOutcome): Promise<Kept> {
    if (fetched.kind !== 'ok') {
      mark(fetched.kind, null, fetched.reason)
      return fetched.kind
    }

    const {sha256, path, deduplicated} = await this.store(fetched.path)
    this.db.transaction(() => {
      this.addMedia.run(sha256, path, fetched.contentType ?? null, fetched.bytes, this.now())
      mark('saved', sha256, null)
    })
    return deduplicated ? 'deduplicated' : 'saved'
  }

  /**
   * A whole download into the folder by its sha256, or dropped when the same bytes are already
   * stored (or being stored by another worker). Whole before it is moved into place, and in place
   * before the caller writes its row.
   */
  private async store(download: string): Promise<{sha256: string; path: string; deduplicated: boolean}> {
    const sha256 = await fileSha256(download)
    const relative = join(sha256.slice(0, 2), `${sha256}${extname(download)}`)
    const stored = this.known.get(sha256)?.path as string | undefined
    const inFlight = this.storing.get(sha256)
    if (inFlight || (stored !== undefined && (await exists(join(this.dir, stored))))) {
      await inFlight
      await rm(download, {force: true})
      return {sha256, path: stored ?? relative, deduplicated: true}
    }

    const moved = mkdir(join(this.dir, sha256.slice(0, 2)), {recursive: true, mode: PRIVATE_DIR_MODE}).then(() => rename(download, join(this.dir, relative)))
    this.storing.set(sha256, moved)
    await moved
    return {sha256, path: stored ?? relative, deduplicated: false}
  }
}

/** `work` over every item, `concurrency` at a time, in order of start. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++])
  }

  await Promise.all(Array.from({length: Math.max(1, concurrency)}, worker))
}

/** A download is written under this prefix, then `<pid>-<hex>`, so that its writer is known. */
const INCOMING = '.incoming-'

/**
 * Remove the downloads a killed sync (Ctrl-C, kill -9) left in the media folder: the `.incoming-…`
 * files whose writer no longer runs. The lock lets one sync at a time write a database; the pid
 * spares another database's sync where two share the folder (archive.db and archive.sqlite).
 * Best effort: a file that cannot be removed stays.
 */
async function removeStaleDownloads(dir: string): Promise<void> {
  // A name without a pid (written before downloads carried one) has no writer left: NaN runs nowhere.
  await removeFilesOfDeadWriters(dir, (name) => (name.startsWith(INCOMING) ? Number(/^\.incoming-(\d+)-/.exec(name)?.[1]) : undefined))
}

export type Fetched = {kind: 'ok'; path: string; bytes: number; contentType?: string; fileName?: string} | {kind: 'failed' | 'skipped'; reason: string}

/**
 * A file attachment through the file service: its own name and type from fileData, its bytes from
 * the download, under the same size cap and temporary name as an image.
 */
async function fetchFile(client: GroupMeApi, conversationId: string, fileId: string, dir: string): Promise<Fetched> {
  const incoming = join(dir, `${INCOMING}${process.pid}-${randomBytes(6).toString('hex')}`)
  try {
    const described = (await client.fileData(conversationId, [fileId])).find((file) => file.file_id === fileId)
    if (!described) return {kind: 'failed', reason: `the file service does not know file ${fileId}`}
    const fileName = described.file_data.file_name
    const mimeType = typeof described.file_data.mime_type === 'string' ? described.file_data.mime_type : undefined
    const saved = await client.saveFile(conversationId, fileId, `${incoming}.partial`, () => `${incoming}.${fileExtension(fileName)}`)
    return {kind: 'ok', path: saved.path, bytes: saved.bytes, contentType: mimeType, fileName}
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    return {kind: 'failed', reason: (error as Error).message}
  }
}

/** The extension of a file's own name, as a media path takes it (1 to 5 letters or digits), else `bin`. */
function fileExtension(name: string): string {
  const ext = extname(name).slice(1).toLowerCase()
  return /^[a-z0-9]{1,5}$/.test(ext) ? ext : 'bin'
}

/** Download into the media folder under a temporary name (`.incoming-…`), through the client's size cap. */
export async function fetchImage(client: GroupMeApi, url: string, dir: string): Promise<Fetched> {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    return {kind: 'skipped', reason: 'not a URL'}
  }

  // Only the web: a file:, data: or ftp: URL from a message is never followed.
  if (protocol !== 'https:' && protocol !== 'http:') return {kind: 'skipped', reason: `${protocol} URLs are not fetched`}
  const incoming = join(dir, `${INCOMING}${process.pid}-${randomBytes(6).toString('hex')}`)
  let contentType: string | undefined
  try {
    const saved = await client.saveDownload(url, `${incoming}.partial`, (type) => {
      contentType = type
      return `${incoming}.${extensionFor(type, url)}`
    })
    return {kind: 'ok', path: saved.path, bytes: saved.bytes, contentType}
  } catch (error) {
    // Any answer, network failure or size cap is about this image, not the archive: recorded, tried again later.
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
