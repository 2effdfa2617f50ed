import type {ChatRef} from '../../../api/ids.js'
import {PushConnection} from '../../../api/push/connection.js'
import type {Context} from '../../../core/context.js'
import {runWorkflow} from '../../../core/workflow.js'
import {resolveChat} from '../../chats/resolve.js'
import {shellHook} from './hook.js'
import {type WatchFormat, watchPrinter} from './output.js'
import {readWatchState} from '../state-files.js'
import {watchChats} from './watch.js'

/** What `dm watch` was asked for, its flags checked. */
export interface WatchRequest {
  /** Only these chats; empty: every chat. */
  chats: ChatRef[]
  /** An absolute path, or undefined: start from now and remember nothing. */
  statePath?: string
  waitSeconds: number
  events: boolean
  /** --exec: a shell command run for each message. */
  exec?: string
  format: WatchFormat
  reconcileMs: number
  pollMs: number
  renewMs: number
  giveUpMs: number
  transport?: 'websocket' | 'long-polling'
}

/**
 * The `dm watch` workflow: lock the state file when there is one, resolve the chats to watch,
 * then watch until interrupted (exit 130, the state at the last message printed) or refused (exit 3).
 */
export async function watch(context: Context, request: WatchRequest): Promise<void> {
  // Checked before anything is sent: the token only travels over https or to loopback.
  const pushUrl = context.settings.pushUrl()
  const {statePath} = request
  const setup = {
    interrupted: statePath ? 'Interrupted; the state file is at the last message printed.' : 'Interrupted.',
    lock: statePath
      ? {path: statePath, waitMs: request.waitSeconds * 1000, holder: 'another dm watch', guarding: 'this state file', waitFlag: '--wait'}
      : undefined,
  }
  await runWorkflow(context, setup, async (run) => {
    const path = run.locked ?? statePath
    const saved = path ? await readWatchState(path) : undefined
    const client = await context.client()
    const {token} = await context.storedToken()
    const users = request.chats.length > 0 ? new Set(await Promise.all(request.chats.map(async (ref) => (await resolveChat(client, ref)).otherUserId))) : undefined
    const {events, reconcileMs, pollMs, renewMs, giveUpMs, transport} = request
    await watchChats(
      {users, statePath: path, saved, events, reconcileMs, pollMs},
      {
        client,
        critical: run.critical,
        printer: (names) => watchPrinter(request.format, names, context.io, context.clock),
        hook: request.exec === undefined ? undefined : shellHook(request.exec, run.note, context.io.stderr),
        openPush: (userId, listener) =>
          PushConnection.open({url: pushUrl, token, userId, renewMs, giveUpMs, transport, debug: context.debugEnabled() ? run.note : undefined, clock: context.clock}, listener),
        note: run.note,
        clock: context.clock,
      },
    )
  })
}
