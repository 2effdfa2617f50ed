import {stringifyJson} from '../../../base/json.js'
import {historyPages, type PageReport} from '../pager.js'
import type {Checkpoint} from './checkpoint.js'
import type {ExportRun} from './run.js'
import {inRange} from '../../../core/dates.js'
import {holdMemoryFlat} from '../../../base/memory.js'
import {AppendFile} from './append-file.js'
import {saveImages} from './media.js'

/**
 * Start a new walk from the newest message down to the floor the last walk left, or, with
 * `rewalk`, through the whole history, to add what FILE lacks (filled in by id at the end).
 */
export function beginWalk(checkpoint: Checkpoint, rewalk: boolean): void {
  Object.assign(checkpoint, {
    phase: 'walking',
    rewalk,
    // Newest first is only right straight into FILE while FILE is empty; otherwise spool and reorder at the end.
    sink: checkpoint.options.order === 'desc' && checkpoint.fileBytes === 0 ? 'file' : 'spool',
    oldestReached: null,
    newestSeen: null,
    total: null,
    fetched: 0,
    spoolBytes: 0,
    spoolLines: 0,
  } satisfies Partial<Checkpoint>)
}

/**
 * Page backwards, resuming below `oldestReached`, down to `floor` (or past --since). Each page is
 * appended, newest first, to the sink and then recorded in the checkpoint, as one critical section:
 * a run stopped anywhere leaves at most bytes beyond the checkpoint, which the next run cuts off.
 */
export async function walk(context: ExportRun): Promise<void> {
  await holdMemoryFlat()
  const {checkpoint, since} = context
  const fresh = checkpoint.oldestReached === null
  const sink = await AppendFile.open(
    checkpoint.sink === 'file' ? context.out : context.spool,
    checkpoint.sink === 'file' ? checkpoint.fileBytes : checkpoint.spoolBytes,
    context.checkpointFile,
  )
  let first = true
  const onPage = async (report: PageReport) => {
    context.pages++
    if (!first) return
    first = false
    // The count when the walk began covers exactly the messages up to the newest one it sees.
    if (fresh) checkpoint.total = report.count ?? (report.messages.length === 0 ? 0 : null)
    // A first run saves its checkpoint before it writes a byte: FILE is never left without one.
    if (!context.persisted) await context.critical(context.commit)
    context.progress.start(checkpoint.fetched, progressTarget(context))
  }

  try {
    const pages = historyPages(context.client, {
      otherUserId: checkpoint.options.user,
      beforeId: checkpoint.oldestReached ?? undefined,
      downToId: checkpoint.rewalk ? undefined : checkpoint.floor ?? undefined,
      pageSize: context.pageSize,
      onPage,
    })
    for await (const page of pages) {
      const kept = page.filter((message) => inRange(message.created_at, context.since, context.until))
      if (context.mediaJob) await saveImages(context.mediaJob, kept)
      const oldest = page.at(-1)!
      // Ids follow time, so once a page reaches before --since, every older page would be dropped.
      const pastSince = since !== undefined && oldest.created_at * 1000 < since.ms
      await context.critical(async () => {
        await sink.append(kept.map((message) => stringifyJson(message) + '\n').join(''))
        if (checkpoint.sink === 'file') {
          checkpoint.fileBytes = sink.size
          checkpoint.fileLines += kept.length
        } else {
          checkpoint.spoolBytes = sink.size
          checkpoint.spoolLines += kept.length
        }

        checkpoint.newestSeen ??= page[0].id
        checkpoint.oldestReached = oldest.id
        checkpoint.fetched += page.length
        if (pastSince) endWalk(checkpoint)
        await context.commit()
      })
      context.progress.advance(page.length)
      if (pastSince) return
    }

    await context.critical(async () => {
      endWalk(checkpoint)
      await context.commit()
    })
  } finally {
    await sink.close()
  }
}

/** The walk reached its floor: the newest id it saw is the next run's floor. */
function endWalk(checkpoint: Checkpoint): void {
  checkpoint.floor = checkpoint.newestSeen ?? checkpoint.floor
  checkpoint.oldestReached = null
  checkpoint.newestSeen = null
  const spooled = checkpoint.sink === 'spool' && checkpoint.spoolLines > 0
  // A whole-history walk spooled messages FILE may hold already: they go in by id, each once.
  const filling = checkpoint.rewalk === true && checkpoint.fileLines > 0
  checkpoint.rewalk = false
  checkpoint.phase = !spooled ? 'done' : filling ? 'filling' : checkpoint.options.order === 'asc' ? 'flushing' : 'merging'
}

/** Messages this walk should fetch: unknown when --since/--until make the service's count moot. */
function progressTarget({checkpoint, since, until}: ExportRun): number | undefined {
  if (checkpoint.total === null || since || until) return undefined
  if (checkpoint.rewalk) return checkpoint.total
  // Without filters every fetched message is a line, so this is the lines there were before the walk.
  const before = checkpoint.fileLines + checkpoint.spoolLines - checkpoint.fetched
  return Math.max(checkpoint.total - before, 0)
}
