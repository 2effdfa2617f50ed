import {existsSync} from 'node:fs'
import {mkdir, rm} from 'node:fs/promises'
import type {GroupMeApi} from '../../../api/api.js'
import type {UserRef} from '../../../api/ids.js'
import type {Context} from '../../../core/context.js'
import {IncompleteError, UsageError} from '../../../base/errors.js'
import {FileError} from '../../../base/file-errors.js'
import {removeStaleTemporariesIn} from '../../../base/files.js'
import {runWorkflow} from '../../../core/workflow.js'
import {resolveUserId} from '../../chats/resolve.js'
import {
  type Checkpoint,
  checkpointPath,
  describeOptions,
  type ExportOptions,
  initialCheckpoint,
  loadCheckpoint,
  type Order,
  sameOptions,
  saveCheckpoint,
  spoolPath,
} from './checkpoint.js'
import type {ExportRun} from './run.js'
import type {DateBound} from '../../../core/dates.js'
import {checkEnd, cutToCommitted, endDigest, exportTarget, sizeOf, touch} from './append-file.js'
import {fill, flush, merge} from './finish.js'
import {type MediaStats, retryFailedImages} from './media.js'
import {MediaFailures, mediaFailuresPath} from './media-failures.js'
import type {Progress} from '../../../output/progress.js'
import {beginWalk, walk} from './walk.js'

/** What `dm export` was asked for, its flags checked. */
export interface ExportRequest {
  user: UserRef
  out: string
  order: Order
  since?: DateBound
  until?: DateBound
  pageSize: number
  mediaDir?: string
  /** Walk the whole history again and add what FILE lacks (--verify). */
  verify: boolean
  json: boolean
}

export interface ExportJob {
  client: GroupMeApi
  out: string
  options: ExportOptions
  since?: DateBound
  until?: DateBound
  pageSize: number
  mediaDir?: string
  progress: Progress
  critical: <T>(work: () => Promise<T>) => Promise<T>
  warn: (line: string) => void
  /** Walk the whole history again and add what FILE lacks (--verify). */
  verify?: boolean
}

/**
 * The `dm export` workflow: find the real FILE, resolve the user, take the lock on FILE (two
 * exports into one FILE, under any name, would interleave their pages: the second gives up at
 * once, exit 6), check the checkpoint, then walk and write until done. Ctrl-C leaves the
 * checkpoint at the last page written.
 */
export async function exportConversation(context: Context, request: ExportRequest): Promise<ExportSummary> {
  // Every symbolic link followed, so that the lock and the checkpoint are the file's, whatever its name.
  const out = await exportTarget(request.out)
  const client = await context.client()
  const user = await resolveUserId(client, request.user)
  const options: ExportOptions = {user, order: request.order, since: request.since?.iso ?? null, until: request.until?.iso ?? null}
  const checkpoint = checkpointPath(out)
  const setup = {
    interrupted: `Interrupted. ${checkpoint} is saved: run the same command again to continue.`,
    lock: {path: out, waitMs: 0, holder: 'another dm export run', guarding: out},
    stopped: () => (existsSync(checkpoint) ? `Stopped; ${checkpoint} is saved: run the same command again to continue.` : undefined),
    json: request.json,
  }
  return runWorkflow(context, setup, async (run) => {
    const prepared = await prepareExport(out, options)
    if (request.mediaDir) await mkdir(request.mediaDir, {recursive: true})
    const {since, until, pageSize, mediaDir, verify} = request
    return runExport({client, out, options, since, until, pageSize, mediaDir, verify, progress: run.progress, critical: run.critical, warn: run.note}, prepared)
  })
}

/** What `dm export --json` prints. */
export interface ExportSummary {
  file: string
  order: Order
  /** Messages in FILE. */
  written: number
  /** Messages this run added to FILE. */
  new: number
  /** Requests for pages of messages, this run. */
  pages: number
  /** The service's count of the conversation's messages; null when unknown. */
  count: number | null
  /** FILE holds `count` messages; null when --since/--until filter or the count is unknown. */
  complete: boolean | null
  /**
   * FILE holds fewer messages than the service counts after a whole walk (exit 8). `rewalk`: the
   * next run walks the whole history again by itself; false when this run already did.
   */
  short?: {missing: number; rewalk: boolean}
  media?: MediaStats
}

export interface PreparedExport {
  checkpoint: Checkpoint
  persisted: boolean
}

/**
 * Read and check the checkpoint, sending nothing: a checkpoint made with other options, or a
 * FILE that has data but no checkpoint, is a usage error, since going on would mix two exports.
 */
export async function prepareExport(out: string, options: ExportOptions): Promise<PreparedExport> {
  const file = checkpointPath(out)
  const existing = await loadCheckpoint(file)
  if (existing) {
    if (!sameOptions(existing.options, options)) {
      throw new UsageError(
        `${file} records an export with ${describeOptions(existing.options)}, not ${describeOptions(options)}. ` +
          `Run it with the same options, or remove ${out} and its checkpoint to start over`,
      )
    }

    return {checkpoint: existing, persisted: true}
  }

  if (((await sizeOf(out)) ?? 0) > 0) {
    throw new FileError(`${out} already has data but no checkpoint (${file}); choose another --out, or remove it to start over`)
  }

  return {checkpoint: initialCheckpoint(options), persisted: false}
}

/** Take the export from wherever its checkpoint says it stopped to `done`. */
export async function runExport(job: ExportJob, prepared: PreparedExport): Promise<ExportSummary> {
  const {checkpoint} = prepared
  const context: ExportRun = {
    ...job,
    checkpointFile: checkpointPath(job.out),
    spool: spoolPath(job.out),
    checkpoint,
    media: {saved: 0, skipped: 0, failed: 0},
    persisted: prepared.persisted,
    commit: async () => {
      checkpoint.fileEnd = await endDigest(job.out, checkpoint.fileBytes)
      await saveCheckpoint(context.checkpointFile, checkpoint)
      context.persisted = true
    },
    pages: 0,
  }
  const linesBefore = checkpoint.fileLines

  // In every phase but merging and filling (which replace FILE whole), FILE's committed bytes are
  // final. Bytes after them are a page whose checkpoint was not written, if a write into FILE was
  // under way; else someone added them.
  if (checkpoint.phase !== 'merging' && checkpoint.phase !== 'filling') {
    const writing = checkpoint.phase === 'flushing' || (checkpoint.phase === 'walking' && checkpoint.sink === 'file')
    const cut = await cutToCommitted(job.out, checkpoint.fileBytes, context.checkpointFile, writing ? 'cut' : 'refuse')
    if (cut > 0) job.warn(`note: removed ${cut} bytes from the end of ${job.out}: a page written before the last run stopped, not yet in its checkpoint`)
    await checkEnd(job.out, checkpoint.fileBytes, checkpoint.fileEnd, context.checkpointFile)
    await touch(job.out)
  }

  // Images a killed run was writing (media.ts names them <message id>-<index>.<ext>, and their
  // partial downloads <message id>-<index>.part).
  if (job.mediaDir) await removeStaleTemporariesIn(job.mediaDir, (name) => /^\d+-\d+\.\w+$/.test(name))
  if (job.mediaDir) {
    const failures = await MediaFailures.open(mediaFailuresPath(job.out))
    context.mediaJob = {client: job.client, dir: job.mediaDir, stats: context.media, warn: job.warn, failures}
    await retryFailedImages(context.mediaJob)
  }

  if (checkpoint.phase === 'done') beginWalk(checkpoint, job.verify === true || checkpoint.rewalk === true)
  const rewalked = checkpoint.phase === 'walking' && checkpoint.rewalk === true
  if (checkpoint.phase === 'walking') await walk(context)
  context.progress.stop()
  if (checkpoint.phase === 'flushing') await flush(context)
  if (checkpoint.phase === 'merging') await merge(context)
  if (checkpoint.phase === 'filling') await fill(context)
  // Nothing was spooled, or the spool was already moved.
  await rm(context.spool, {force: true})

  const count = job.since || job.until ? checkpoint.total : await countOf(job, checkpoint)
  const missing = job.since || job.until || count === null ? 0 : count - checkpoint.fileLines
  if (missing > 0) {
    // Never sealed short (docs/service.md, Messages): the next run walks the whole history again,
    // unless this run just did and found no more; then only --verify tries again.
    await context.critical(async () => {
      checkpoint.rewalk = !rewalked
      await context.commit()
    })
  }

  return {
    file: job.out,
    order: checkpoint.options.order,
    written: checkpoint.fileLines,
    new: checkpoint.fileLines - linesBefore,
    pages: context.pages,
    count,
    complete: job.since || job.until || count === null ? null : checkpoint.fileLines === count,
    ...(missing > 0 ? {short: {missing, rewalk: !rewalked}} : {}),
    ...(job.mediaDir ? {media: context.media} : {}),
  }
}

/** The count from the walk's first page; else the chat's messages_count, if it can be had. */
async function countOf(job: ExportJob, checkpoint: Checkpoint): Promise<number | null> {
  if (checkpoint.total !== null) return checkpoint.total
  try {
    const chat = await job.client.showChat(await job.client.conversationWith(checkpoint.options.user))
    return Number.isSafeInteger(chat.messages_count) ? chat.messages_count : null
  } catch {
    return null
  }
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
  const said = `the service counts ${summary.count} messages but ${summary.file} holds ${summary.written}: ${summary.short.missing} missing`
  return new IncompleteError(
    summary.short.rewalk
      ? `${said}. The next run walks the whole history again and adds what is missing`
      : `${said} after a walk through the whole history. Run with --verify to walk it again later`,
  )
}
