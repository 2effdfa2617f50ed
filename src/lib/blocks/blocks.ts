/** Blocks (docs/actions.md, Blocks): list, check, add and remove, as functions over the API. */
import type {Block, GroupMeApi} from '../../api/api.js'
import {UsageError} from '../../base/errors.js'
import {readConfig} from '../../core/config.js'
import type {Context} from '../../core/context.js'
import {action} from '../../output/action.js'
import {type Column, type CommandOutput, record} from '../../output/render.js'

export interface BlockState {
  user_id: string
  /** check: whether a block exists between me and the user, either way; add and remove: what I asked for. */
  blocked: boolean
  /** The request add and remove send (harmless to repeat). */
  request?: string
}

export const blockColumns: Column<Block>[] = [
  {header: 'user id', value: (block) => block.blocked_user_id},
  {header: 'since', value: (block, view) => (typeof block.created_at === 'number' ? view.time(block.created_at) : '')},
]

/** What blocks add and remove print as a record. */
export const stateColumns: Column<BlockState>[] = [
  {header: 'user id', value: (state) => state.user_id},
  {header: 'blocked', value: (state) => String(state.blocked)},
  {header: 'request', value: (state) => state.request ?? ''},
]

export function listBlocks(client: GroupMeApi): Promise<Block[]> {
  return client.listBlocks()
}

export async function checkBlock(client: GroupMeApi, userId: string): Promise<BlockState> {
  return {user_id: userId, blocked: await client.blockBetween(userId)}
}

/**
 * Refuse USER when it is plainly you, before any request: the id `auth login` saved beside the
 * token in use. With GROUPME_TOKEN the saved id may be another account's, so setBlock asks the
 * service instead.
 */
export async function refuseBlockingSelf(context: Pick<Context, 'storedToken' | 'configDir'>, userId: string): Promise<void> {
  const {source} = await context.storedToken()
  if (source !== 'config') return
  const {userId: me} = await readConfig(context.configDir)
  if (me === userId) throw new UsageError(`USER ${userId} is you: you cannot block or unblock yourself`)
}

/** Block or unblock `userId`; yourself is exit 2 with no change sent. `dryRun` sends nothing. */
export async function setBlock(client: GroupMeApi, options: {userId: string; blocked: boolean; dryRun?: boolean}): Promise<BlockState> {
  const {userId, blocked} = options
  const me = String((await client.currentUser()).id)
  if (userId === me) throw new UsageError(`USER ${userId} is you: you cannot ${blocked ? 'block' : 'unblock'} yourself`)
  const request = `${blocked ? 'POST' : 'DELETE'} /blocks?user=${me}&otherUser=${userId}`
  if (!options.dryRun) await client.setBlocked(userId, blocked)
  return {user_id: userId, blocked, request}
}

/** What blocks add and remove print: one line on a terminal, the record in a pipe. */
export function blockOutput(state: BlockState, dryRun: boolean): CommandOutput {
  const result = record(state, stateColumns)
  return dryRun ? result : action(`${state.blocked ? 'Blocked' : 'Unblocked'} user ${state.user_id}`, result)
}
