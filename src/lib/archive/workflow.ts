/**
 * `archive sync` from start to end: lock, open, walk, check, media, record the run. The command
 * passes the client and where progress and warnings go; nothing here parses flags or prints.
 */
import type {GroupMeClient} from '../../api/client.js'
import {resolveConversationId} from '../chats/resolve.js'
import {IncompleteError} from '../../core/errors.js'
import type {ChatRef} from '../../api/ids.js'
import {FileLock} from '../../core/lock.js'
import {holdMemoryFlat} from '../../core/memory.js'
import {DEFAULT_MEDIA_OPTIONS, type MediaSummary, saveMedia} from './media.js'
import type {AccountProgress} from './progress.js'
import {openArchive} from './schema.js'
import {ArchiveStore} from './store.js'
import {type SyncSummary, syncArchive} from './sync.js'

export interface ArchiveSyncRequest {
  dbPath: string
  chats: ChatRef[]
  concurrency: number
  /** Seconds: re-read this recent window of every chat. */
  refreshSeconds?: number
  media: boolean
}

export interface ArchiveSyncContext {
  client: GroupMeClient
  progress: AccountProgress
  /** Seconds since the epoch. */
  now: () => number
}

/** What `archive sync --json` prints. */
export interface ArchiveSyncReport extends SyncSummary {
  db: string
  seconds: number
  media?: MediaSummary
}

export async function runArchiveSync(context: ArchiveSyncContext, request: ArchiveSyncRequest): Promise<ArchiveSyncReport> {
  const started = Date.now()
  const {client} = context
  const only = request.chats.length > 0 ? new Set(await Promise.all(request.chats.map((ref) => resolveConversationId(client, ref)))) : undefined
  // Two syncs into one database would walk the same chats twice: the second gives up at once (exit 6).
  const lock = await FileLock.acquire(request.dbPath, {waitMs: 0, holder: 'another archive sync', guarding: request.dbPath})
  // The real path, symbolic links followed: the file the lock guards.
  const dbPath = lock.target
  try {
    const db = await openArchive(dbPath)
    try {
      await holdMemoryFlat()
      const store = new ArchiveStore(db, context.now)
      const runId = store.beginRun()
      const refreshSince = request.refreshSeconds === undefined ? undefined : context.now() - request.refreshSeconds
      let report: ArchiveSyncReport
      try {
        const summary = await syncArchive({client, store, progress: context.progress}, {only, concurrency: request.concurrency, refreshSince})
        report = {db: dbPath, ...summary, seconds: 0}
        if (request.media) report.media = await saveMedia(client, db, dbPath, DEFAULT_MEDIA_OPTIONS)
        report.seconds = Math.round((Date.now() - started) / 100) / 10
      } catch (error) {
        store.finishRun(runId, 'failed', {error: (error as Error).message})
        throw error
      }

      store.finishRun(runId, report.incomplete.length > 0 ? 'incomplete' : 'complete', report)
      return report
    } finally {
      db.close()
    }
  } finally {
    lock.release()
  }
}

/** The one line printed when no --json is asked for. */
export function syncSummaryLine(report: ArchiveSyncReport): string {
  const media = report.media
    ? `; images: ${report.media.saved} saved, ${report.media.deduplicated} already stored, ${report.media.failed} failed, ${report.media.skipped} skipped`
    : ''
  const incomplete = report.incomplete.length > 0 ? `; ${report.incomplete.length} incomplete` : ''
  return (
    `Archived ${report.chats} chats into ${report.db}: ${report.new} new, ${report.updated} updated messages ` +
    `(${report.walked} chats walked, ${report.pages} pages, ${report.seconds} s)${media}${incomplete}`
  )
}

/** Exit 8 with the chats that do not add up, after the summary is printed. */
export function incompleteError(report: ArchiveSyncReport): IncompleteError | undefined {
  if (report.incomplete.length === 0) return undefined
  const chats = report.incomplete.map((chat) => `${chat.chat} (${chat.archived} archived, the service counts ${chat.service})`).join(', ')
  return new IncompleteError(`the archive differs from the service's count after a second walk for: ${chats}`)
}
