import type {GroupMeApi} from '../../../api/api.js'
import type {Checkpoint} from './checkpoint.js'
import type {DateBound} from '../../../core/dates.js'
import type {MediaJob, MediaStats} from './media.js'
import type {Progress} from '../../../output/progress.js'

/** One run of an export: its files, its checkpoint (mutated, then committed) and its settings. */
export interface ExportRun {
  client: GroupMeApi
  out: string
  checkpointFile: string
  spool: string
  checkpoint: Checkpoint
  since?: DateBound
  until?: DateBound
  pageSize: number
  mediaDir?: string
  media: MediaStats
  /** Set when mediaDir is: images are saved, and failures remembered, through it. */
  mediaJob?: MediaJob
  progress: Progress
  /** Work that Ctrl-C must not cut short: a write and the checkpoint that records it. */
  critical: <T>(work: () => Promise<T>) => Promise<T>
  warn: (line: string) => void
  /** Write the checkpoint, atomically. */
  commit: () => Promise<void>
  /** Whether the checkpoint file exists yet. */
  persisted: boolean
  /** Requests for pages of messages, this run. */
  pages: number
}
