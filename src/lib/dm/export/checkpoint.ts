import {PRIVATE_FILE_MODE, writeJsonAtomic} from '../../../base/files.js'
import {isNumericId} from '../../../api/ids.js'
import {isRecord, readJsonFile} from '../../../base/json-file.js'

export type Order = 'asc' | 'desc'

/**
 * walking: paging back from the newest message to `floor`. flushing (asc): the spool, read
 * backwards, is appended to FILE. merging (desc re-run): FILE is appended to the spool, which then
 * replaces FILE. filling (after a walk through the whole history): FILE and the spool are merged by
 * id, each message once, into a new FILE. done: FILE is whole up to `floor`.
 */
export type Phase = 'walking' | 'flushing' | 'merging' | 'filling' | 'done'

/** What a re-run must repeat: another value would mix two different exports in one file. */
export interface ExportOptions {
  user: string
  order: Order
  since: string | null
  until: string | null
}

export interface Checkpoint {
  version: 1
  options: ExportOptions
  phase: Phase
  /** Where the walk writes, newest first: FILE itself (desc, FILE empty) or FILE.spool. */
  sink: 'file' | 'spool'
  /** The walk goes down to this id, exclusive: the newest id of the last finished walk. */
  floor: string | null
  /** The oldest id this walk reached: the next page is before it. */
  oldestReached: string | null
  /** The newest id this walk saw: the next floor. */
  newestSeen: string | null
  /** The service's message count when this walk began. */
  total: number | null
  /** Sizes at the last commit; bytes beyond them are a half-written page and are cut off on resume. */
  fileBytes: number
  fileLines: number
  spoolBytes: number
  spoolLines: number
  /** Messages this walk fetched, before --since/--until filtering. */
  fetched: number
  /**
   * The walk (in progress, or the next one) goes through the whole history, not down to `floor`,
   * and adds only what FILE lacks: set by --verify, or by a walk that ended short of the service's
   * count. Absent in checkpoints written before it existed.
   */
  rewalk?: boolean
  /**
   * A digest of FILE's last committed bytes (see endDigest): a FILE of the right size with other
   * content is found out. Absent in checkpoints written before it was kept.
   */
  fileEnd?: string
  updatedAt: string
}

export function checkpointPath(out: string): string {
  return `${out}.checkpoint.json`
}

export function spoolPath(out: string): string {
  return `${out}.spool`
}

export function initialCheckpoint(options: ExportOptions): Checkpoint {
  return {
    version: 1,
    options,
    phase: 'done',
    sink: 'file',
    floor: null,
    oldestReached: null,
    newestSeen: null,
    total: null,
    fileBytes: 0,
    fileLines: 0,
    spoolBytes: 0,
    spoolLines: 0,
    fetched: 0,
    updatedAt: new Date().toISOString(),
  }
}

export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  checkpoint.updatedAt = new Date().toISOString()
  await writeJsonAtomic(path, checkpoint, {mode: PRIVATE_FILE_MODE})
}

/** The checkpoint, or undefined when there is none; an unreadable one is exit 2, naming the file. */
export function loadCheckpoint(path: string): Promise<Checkpoint | undefined> {
  return readJsonFile(path, (value) => (isCheckpoint(value) ? value : undefined), 'dm export checkpoint', {
    remedy: 'remove it and the export file beside it to start over',
  })
}

export function describeOptions(options: ExportOptions): string {
  return [
    `USER ${options.user}`,
    `--order ${options.order}`,
    options.since === null ? undefined : `--since ${options.since}`,
    options.until === null ? undefined : `--until ${options.until}`,
  ]
    .filter(Boolean)
    .join(' ')
}

export function sameOptions(a: ExportOptions, b: ExportOptions): boolean {
  return a.user === b.user && a.order === b.order && a.since === b.since && a.until === b.until
}

const PHASES: readonly string[] = ['walking', 'flushing', 'merging', 'filling', 'done']

function isCheckpoint(value: unknown): value is Checkpoint {
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.options)) return false
  const {options} = value
  const count = (field: unknown) => Number.isSafeInteger(field) && (field as number) >= 0
  const id = (field: unknown) => field === null || (typeof field === 'string' && isNumericId(field))
  const date = (field: unknown) => field === null || typeof field === 'string'
  return (
    typeof options.user === 'string' && (options.order === 'asc' || options.order === 'desc') && date(options.since) && date(options.until) &&
    PHASES.includes(value.phase as string) && (value.sink === 'file' || value.sink === 'spool') &&
    id(value.floor) && id(value.oldestReached) && id(value.newestSeen) && (value.total === null || count(value.total)) &&
    count(value.fileBytes) && count(value.fileLines) && count(value.spoolBytes) && count(value.spoolLines) && count(value.fetched) &&
    (value.rewalk === undefined || typeof value.rewalk === 'boolean') &&
    (value.fileEnd === undefined || (typeof value.fileEnd === 'string' && /^[\da-f]{64}$/.test(value.fileEnd)))
  )
}
