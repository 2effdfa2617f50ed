/**
 * `archive sync` from start to end: lock, open, walk, check, media, record the run, on the run's
 * Context (streams, clock, API). The command parses flags and prints the report.
 */
import {resolveConversationId} from '../chats/resolve.js'
import type {Context} from '../../core/context.js'
import {IncompleteError} from '../../base/errors.js'
import {runWorkflow} from '../../core/workflow.js'
import type {ChatRef} from '../../api/ids.js'
import {holdMemoryFlat} from '../../base/memory.js'
import {type AvatarSummary, saveAvatars} from './avatars.js'
import {DEFAULT_MEDIA_OPTIONS, type MediaSummary, saveMedia} from './media.js'
import {archiveLockOptions} from './location.js'
import {accountProgressFor} from './progress.js'
import {openArchive} from './schema.js'
import {ArchiveStore, refuseOtherAccount} from './store.js'
import {type SyncSummary, syncArchive} from './sync.js'

export interface ArchiveSyncRequest {
  dbPath: string
  chats: ChatRef[]
  concurrency: number
  /** Seconds: re-read this recent window of every chat. */
  refreshSeconds?: number
  media: boolean
  json: boolean
}

/** What `archive sync --json` prints. */
export interface ArchiveSyncReport extends SyncSummary {
  db: string
  seconds: number
  media?: MediaSummary
  /** The users' pictures, with --media. */
  avatars?: AvatarSummary
}

/**
 * The `archive sync` workflow: resolve --chat, take the lock on the database (two syncs of one
 * file would walk the same chats twice: the second gives up at once, exit 6), open it, walk,
 * check, fetch media, and record the run. Ctrl-C between two pages loses nothing.
 */
export async function archiveSync(context: Context, request: ArchiveSyncRequest): Promise<ArchiveSyncReport> {
  const started = context.clock.now()
  const now = () => Math.floor(context.clock.now() / 1000)
  const client = await context.client()
  const only = request.chats.length > 0 ? new Set(await Promise.all(request.chats.map((ref) => resolveConversationId(client, ref)))) : undefined
  const setup = {
    interrupted: 'Interrupted. What was archived is kept: run `groupme archive sync` again to go on.',
    lock: archiveLockOptions(request.dbPath),
    stopped: () => 'Stopped. What was archived is kept: run `groupme archive sync` again to go on.',
    json: request.json,
  }
  return runWorkflow(context, setup, async (run) => {
    // The real path, symbolic links followed: the file the lock guards.
    const dbPath = run.locked ?? request.dbPath
    const db = await openArchive(dbPath, {warn: (line) => context.note(line)})
    const progress = accountProgressFor(context.io.stderr, context.clock.now)
    try {
      await holdMemoryFlat()
      const store = new ArchiveStore(db, now)
      refuseOtherAccount(store, await client.currentUser(), dbPath)
      const runId = store.beginRun()
      const refreshSince = request.refreshSeconds === undefined ? undefined : now() - request.refreshSeconds
      let report: ArchiveSyncReport
      try {
        const summary = await syncArchive({client, store, progress}, {only, concurrency: request.concurrency, refreshSince})
        report = {db: dbPath, ...summary, seconds: 0}
        if (request.media) {
          report.media = await saveMedia(client, db, dbPath, now, DEFAULT_MEDIA_OPTIONS)
          report.avatars = await saveAvatars(client, db, dbPath, now, DEFAULT_MEDIA_OPTIONS)
        }
        report.seconds = Math.round((context.clock.now() - started) / 100) / 10
      } catch (error) {
        store.finishRun(runId, 'failed', {error: (error as Error).message})
        throw error
      }

      store.finishRun(runId, report.incomplete.length > 0 ? 'incomplete' : 'complete', report)
      return report
    } finally {
      progress.stop()
      db.close()
    }
  })
}

/** The one line printed when no --json is asked for. */
export function syncSummaryLine(report: ArchiveSyncReport): string {
  const media = report.media
    ? `; media: ${report.media.saved} saved, ${report.media.deduplicated} already stored, ${report.media.failed} failed, ${report.media.skipped} skipped`
    : ''
  const avatars = report.avatars && report.avatars.saved + report.avatars.failed > 0 ? `; pictures: ${report.avatars.saved} saved, ${report.avatars.failed} failed` : ''
  const incomplete = report.incomplete.length > 0 ? `; ${report.incomplete.length} incomplete` : ''
  return (
    `Archived ${report.chats} chats into ${report.db}: ${report.new} new, ${report.updated} updated messages ` +
    `(${report.walked} chats walked, ${report.pages} pages, ${report.seconds} s)${media}${avatars}${incomplete}`
  )
}

/** Exit 8 with the chats that do not add up, after the summary is printed. */
export function incompleteError(report: ArchiveSyncReport): IncompleteError | undefined {
  if (report.incomplete.length === 0) return undefined
  const chats = report.incomplete
    .map((chat) => `${chat.chat} (${chat.error ?? `${chat.archived} archived, the service counts ${chat.service}`})`)
    .join(', ')
  return new IncompleteError(`these chats are not complete in the archive (everything else is): ${chats}`)
}
