import type {GroupMeApi, Message} from '../../api/api.js'
import type {ChatRef} from '../../api/ids.js'
import {confirmDestructive, ensureConfirmable} from '../../core/confirm.js'
import type {Context} from '../../core/context.js'
import {AuthError, CliError, NotFoundError} from '../../base/errors.js'
import {runWorkflow} from '../../core/workflow.js'
import type {Column} from '../../output/render.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {partnerName, resolveChat} from '../chats/resolve.js'
import {isMine} from './message.js'
import {historyPages, type PageReport} from './pager.js'
import {type Pattern, PatternMatcher} from './matcher.js'

/** What `dm purge` was asked for, its flags checked. */
export interface PurgeRequest {
  chat: ChatRef
  filter: Omit<PurgeFilter, 'myUserId'>
  dryRun: boolean
  /** --yes: delete without asking. */
  yes: boolean
}

export type PurgeResult = {dryRun: true; selection: Selection} | {dryRun: false; summary: PurgeSummary}

/**
 * The `dm purge` workflow: read the whole history, keep my messages that fit the filter, ask once
 * with the count (or require --yes without a terminal), then delete them one at a time. Ctrl-C
 * stops it; a re-run finishes the job, skipping what is already deleted.
 */
export async function purge(context: Context, request: PurgeRequest): Promise<PurgeResult> {
  // Without a terminal, refuse before anything is sent (the prompt with the count comes later).
  if (!request.dryRun) ensureConfirmable(context.io, request.yes)
  const interrupted = 'Interrupted; run the same command again to finish: deleted messages are skipped.'
  return runWorkflow(context, {interrupted}, async (run) => {
    const client = await context.client()
    const me = String((await client.currentUser()).id)
    const {conversationId, otherUserId} = await resolveChat(client, request.chat, {exactName: true})
    // The history is read first, which takes a while: a bar says how far it has got.
    const selection = await selectMessages(client, otherUserId, {...request.filter, myUserId: me}, (report) => {
      if (report.first) run.progress.start(0, report.count)
      run.progress.advance(report.messages)
    })
    run.progress.stop()
    if (request.dryRun) return {dryRun: true, selection}

    const count = selection.pending.length
    if (count > 0 && !request.yes) {
      const who = (await partnerName(client, conversationId)) ?? `user ${otherUserId}`
      await confirmDestructive(context.io, `Delete ${count} of your messages to ${who} (chat ${conversationId})? This cannot be undone.`, request.yes)
    }

    run.progress.start(0, count)
    const summary = await deleteMessages(client, conversationId, selection, {
      onProgress: () => run.progress.advance(1),
      onFailure: (message, error) => run.note(`failed: message ${message.id}: ${sanitizeLine(error.message)}`),
    })
    return {dryRun: false, summary}
  })
}

/** Which of my messages go. */
export interface PurgeFilter {
  /** My user id: only the sender can delete a DM (docs/service.md, Deleting). */
  myUserId: string
  /** Only messages created before this, in Unix seconds. */
  beforeSeconds?: number
  /** Only messages whose text matches; tested off the main thread, within a time budget. */
  match?: Pattern
}

export interface PurgeSummary {
  /** Messages that fit the filter: deleted + skipped + failed. */
  matched: number
  deleted: number
  /** Already gone: deleted by an earlier run (tombstone in history, or a 404 now). */
  skipped: number
  failed: number
}

/** The summary's columns: dm purge's line in a pipe, and its table. */
export const summaryColumns: Column<PurgeSummary>[] = [
  {header: 'matched', value: (summary) => String(summary.matched), align: 'right'},
  {header: 'deleted', value: (summary) => String(summary.deleted), align: 'right'},
  {header: 'skipped', value: (summary) => String(summary.skipped), align: 'right'},
  {header: 'failed', value: (summary) => String(summary.failed), align: 'right'},
]

export interface Selection {
  /** Still to delete, newest first. */
  pending: Message[]
  /** Tombstones of mine that fit the filter: an earlier run (or someone) deleted them. */
  alreadyDeleted: number
}

/**
 * Everything but the text: 'delete' for a message of mine that fits the filter (with --match,
 * once its text matches too), 'gone' for one already deleted (its text is the service's
 * placeholder now, so it fits a --match filter no more), undefined otherwise.
 */
export function classify(message: Message, filter: PurgeFilter): 'delete' | 'gone' | undefined {
  if (!isMine(message, filter.myUserId)) return undefined
  if (filter.beforeSeconds !== undefined && !(message.created_at < filter.beforeSeconds)) return undefined
  if (message.deleted_at) return filter.match ? undefined : 'gone'
  return 'delete'
}

/** Walk the whole history (newest first, 100 a page) and keep what is to go. */
export async function selectMessages(
  client: GroupMeApi,
  otherUserId: string,
  filter: PurgeFilter,
  onRead?: (report: {first: boolean; messages: number; count?: number}) => void,
): Promise<Selection> {
  let first = true
  const pending: Message[] = []
  let alreadyDeleted = 0
  const matcher = filter.match && new PatternMatcher(filter.match)
  try {
    const onPage = (page: PageReport) => {
      onRead?.({first, messages: page.messages.length, count: page.count})
      first = false
    }

    for await (const page of historyPages(client, {otherUserId, onPage})) {
      const candidates: Message[] = []
      for (const message of page) {
        const verdict = classify(message, filter)
        if (verdict === 'delete') candidates.push(message)
        else if (verdict === 'gone') alreadyDeleted++
      }

      // One batch a page: the text is tested only for messages that fit everything else.
      const matches = matcher ? await matcher.test(candidates.map((message) => message.text ?? '')) : undefined
      pending.push(...candidates.filter((_, index) => matches?.[index] ?? true))
    }
  } finally {
    await matcher?.close()
  }

  return {pending, alreadyDeleted}
}

export interface DeleteHooks {
  /** Before each deletion: 1-based position and total. */
  onProgress?: (done: number, total: number) => void
  onFailure?: (message: Message, error: CliError) => void
}

/**
 * Delete one message at a time: the client keeps the pace within the rate limit. A 404 means it
 * is gone already (an earlier, interrupted run): skipped, not failed. A 401 stops everything;
 * any other failure is counted, reported and passed over, so one bad message does not stop the rest.
 */
export async function deleteMessages(
  client: GroupMeApi,
  conversation: string,
  selection: Selection,
  hooks: DeleteHooks = {},
): Promise<PurgeSummary> {
  const summary: PurgeSummary = {
    matched: selection.pending.length + selection.alreadyDeleted,
    deleted: 0,
    skipped: selection.alreadyDeleted,
    failed: 0,
  }
  const total = selection.pending.length
  for (const [index, message] of selection.pending.entries()) {
    hooks.onProgress?.(index + 1, total)
    try {
      await client.deleteMessage(conversation, message.id)
      summary.deleted++
    } catch (error) {
      if (error instanceof NotFoundError) {
        summary.skipped++
      } else if (error instanceof CliError && !(error instanceof AuthError)) {
        summary.failed++
        hooks.onFailure?.(message, error)
      } else {
        throw error
      }
    }
  }

  return summary
}
