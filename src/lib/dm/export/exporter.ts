/**
 * `dm export`: one chat fetched into the archive (the store every command keeps what it fetched
 * in, and where it stopped), then FILE written whole from it (docs/archive.md, "dm export"; docs/decisions/0069-dm-export-fetches-into-the-archive.md).
 */
import {mkdir} from 'node:fs/promises'
import type {Chat, GroupMeApi} from '../../../api/api.js'
import {conversationId, type UserRef} from '../../../api/ids.js'
import {IncompleteError, NotFoundError} from '../../../base/errors.js'
import {FileError} from '../../../base/file-errors.js'
import {removeStaleTemporariesIn} from '../../../base/files.js'
import type {Context} from '../../../core/context.js'
import type {DateBound} from '../../../core/dates.js'
import {FileLock} from '../../../core/lock.js'
import {runWorkflow, type WorkflowRun} from '../../../core/workflow.js'
import {archiveLockOptions} from '../../archive/location.js'
import {openArchive} from '../../archive/schema.js'
import {ArchiveStore, refuseOtherAccount} from '../../archive/store.js'
import {type ChatCheck, type ChatWork, fetchSince, type SyncSummary, syncChat} from '../../archive/sync.js'
import {resolveUserId} from '../../chats/resolve.js'
import {earlierExportOf, removeEarlierExport, takeIntoArchive} from './earlier-export.js'
import {checkExportFile, exportTarget, writeExportFile} from './file.js'
import {type MediaStats, retryFailedImages, saveImages} from './media.js'
import {MediaFailures, mediaFailuresPath} from './media-failures.js'

export type Order = 'asc' | 'desc'

/** What `dm export` was asked for, its flags checked. */
export interface ExportRequest {
  user: UserRef
  out: string
  /** The archive to fetch into (archivePath: --db, else the user's archive). */
  dbPath: string
  order: Order
  since?: DateBound
  until?: DateBound
  pageSize: number
  mediaDir?: string
  /** Walk the whole history again, whatever the count says (--verify). */
  verify: boolean
  json: boolean
}

/** What `dm export --json` prints. */
export interface ExportSummary {
  file: string
  order: Order
  /** Messages in FILE. */
  written: number
  /** Messages FILE holds that it did not hold after the last run into it. */
  new: number
  /** Requests for pages of messages, this run. */
  pages: number
  /** The service's count of the conversation's messages; null when unknown. */
  count: number | null
  /** FILE holds `count` messages; null when --since/--until filter or the count is unknown. */
  complete: boolean | null
  /** FILE holds fewer messages than the service counts after a walk through the whole history (exit 8). */
  short?: {missing: number}
  media?: MediaStats
}

/**
 * Lock FILE (two exports into one FILE, under any name, give exit 6 to the second) and the archive
 * (one writer of it at a time, as archive sync), check that FILE is an export of this archive or
 * nothing, fetch, then write FILE. Ctrl-C or a kill leaves every fetched page in the archive.
 */
export async function exportConversation(context: Context, request: ExportRequest): Promise<ExportSummary> {
  // Every symbolic link followed, so that the lock and the record are the file's, whatever its name.
  const out = await exportTarget(request.out)
  const client = await context.client()
  const user = await resolveUserId(client, request.user)
  // Whether the run got as far as fetching: before that, its error says all there is to say.
  let fetching = false
  const setup = {
    interrupted: `Interrupted. What was fetched is kept in ${request.dbPath}: run the same command again to continue.`,
    lock: {path: out, waitMs: 0, holder: 'another dm export run', guarding: out},
    stopped: () => (fetching ? `Stopped. What was fetched is kept in ${request.dbPath}: run the same command again to continue.` : undefined),
    json: request.json,
  }
  return runWorkflow(context, setup, async (run) => {
    const archiveLock = await FileLock.acquire(request.dbPath, archiveLockOptions(request.dbPath))
    try {
      const db = await openArchive(archiveLock.target, {warn: run.note})
      try {
        const store = new ArchiveStore(db, () => Math.floor(context.clock.now() / 1000))
        return await exportFromStore({client, store, run, file: run.locked ?? out, user, fetching: () => (fetching = true)}, request)
      } finally {
        db.close()
      }
    } finally {
      archiveLock.release()
    }
  })
}

interface ExportJob {
  client: GroupMeApi
  store: ArchiveStore
  run: WorkflowRun
  /** FILE, every symbolic link followed. */
  file: string
  /** The other user's id. */
  user: string
  /** Called once FILE and --media are checked, as the fetching begins. */
  fetching: () => void
}

async function exportFromStore(job: ExportJob, request: ExportRequest): Promise<ExportSummary> {
  const {client, store, run, file} = job
  const earlier = await earlierExportOf(file)
  if (earlier !== undefined && earlier !== job.user) {
    throw new FileError(`${file} is an earlier dm export of the chat with user ${earlier} (${file}.checkpoint.json says so), not ${job.user}; choose another --out`)
  }

  // Before anything is sent: a FILE that is not this archive's export is never overwritten.
  if (earlier === undefined) await checkExportFile(store, file)
  if (request.mediaDir) await mkdir(request.mediaDir, {recursive: true})
  job.fetching()
  const me = await client.currentUser()
  refuseOtherAccount(store, me, request.dbPath)
  store.saveMe(me)
  const item = await chatWork(client, store, conversationId(String(me.id), job.user), job.user)
  if (earlier !== undefined) {
    await takeIntoArchive(store, file, item.id)
    await checkExportFile(store, file)
  }
  const summary: SyncSummary = {chats: 1, walked: 0, new: 0, updated: 0, pages: 0, incomplete: []}
  const expected = Math.max(0, (item.chat.messages_count ?? 0) - store.countMessages(item.id))
  run.progress.start(0, request.since || request.until ? undefined : expected)
  const deps = {client, store, progress: {advance: (messages: number) => run.progress.advance(messages)}}
  const state = store.state(item.id)
  let check: ChatCheck | undefined
  if (request.since && (state.topId === null || state.walk)) {
    // A chat the archive does not hold whole yet: only the pages back to --since are fetched.
    await fetchSince(deps, request, item, summary, request.since.ms / 1000)
  } else {
    check = await syncChat(deps, request, item, summary)
  }

  run.progress.stop()
  const previous = store.exportOf(file)
  const range = {sinceMs: request.since?.ms, untilMs: request.until?.ms, order: request.order}
  // A kill between the rename and the record leaves a FILE checkExportFile still knows by its lines.
  const result = await writeExportFile(file, store.rawMessages(item.id, range))
  store.recordExport(file, {conversationId: item.id, ...result})
  if (earlier !== undefined) await removeEarlierExport(file)
  const written = result.messages
  const media = request.mediaDir ? await saveMedia(job, request.mediaDir, store.images(item.id, range)) : undefined

  const filtered = request.since !== undefined || request.until !== undefined
  const count = filtered ? null : (check?.service ?? null)
  const missing = count === null ? 0 : count - written
  return {
    file,
    order: request.order,
    written,
    new: Math.max(0, written - (previous?.messages ?? 0)),
    pages: summary.pages,
    count,
    complete: count === null ? null : written === count,
    ...(missing > 0 ? {short: {missing}} : {}),
    ...(media ? {media} : {}),
  }
}

/** The chat as the service describes it (its count, its newest message), saved in the archive's chats. */
async function chatWork(client: GroupMeApi, store: ArchiveStore, id: string, otherUserId: string): Promise<ChatWork> {
  let chat: Chat
  try {
    chat = await client.showChat(id)
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
    // No conversation with this user yet: nothing to walk.
    return {id, otherUserId, chat: {created_at: 0, updated_at: 0, messages_count: 0, other_user: {id: otherUserId, name: ''}}}
  }

  store.saveChats([{id, chat}])
  return {id, otherUserId, chat}
}

/**
 * The images of FILE's messages into --media: those an earlier run could not save first, then
 * every one not saved yet (a file already there is kept), so a run killed before its images
 * loses none.
 */
async function saveMedia(job: ExportJob, dir: string, images: ReturnType<ArchiveStore['images']>): Promise<MediaStats> {
  // Images a killed run was writing (media.ts names them <message id>-<index>.<ext>).
  await removeStaleTemporariesIn(dir, (name) => /^\d+-\d+\.\w+$/.test(name))
  const stats: MediaStats = {saved: 0, skipped: 0, failed: 0}
  const failures = await MediaFailures.open(mediaFailuresPath(job.file))
  const mediaJob = {client: job.client, dir, stats, warn: job.run.note, failures}
  await retryFailedImages(mediaJob)
  await saveImages(mediaJob, images)
  return stats
}

/** The one line a finished run says on stderr. */
export function summaryLine(summary: ExportSummary): string {
  const parts = [`${summary.written} in all`, `${summary.pages} ${summary.pages === 1 ? 'page' : 'pages'}`]
  if (summary.media) parts.push(`images: ${summary.media.saved} saved, ${summary.media.skipped} already there, ${summary.media.failed} failed`)
  let line = `Exported ${summary.new} new ${summary.new === 1 ? 'message' : 'messages'} to ${summary.file} (${parts.join(', ')}).`
  if (summary.complete === false && !summary.short) {
    line += ` The service counts ${summary.count} messages, fewer than the file holds.`
  }

  return line
}

/** Why a run whose file is short of the service's count fails (exit 8), and what the next run does. */
export function shortArchiveError(summary: ExportSummary & {short: NonNullable<ExportSummary['short']>}): IncompleteError {
  return new IncompleteError(
    `the service counts ${summary.count} messages but ${summary.file} holds ${summary.written}: ${summary.short.missing} missing ` +
      'after a walk through the whole history. The next run walks it again and adds what is missing',
  )
}
