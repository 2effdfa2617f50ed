import {rm} from 'node:fs/promises'
import {PRIVATE_FILE_MODE} from '../../../base/files.js'
import {isRecord} from '../../../base/json-file.js'
import {readStateFile, writeStateFile} from '../state-files.js'
import {isNumericId} from '../../../api/ids.js'

/** How many times one image is tried, over all runs, before the export stops trying it. */
export const MAX_MEDIA_ATTEMPTS = 5

/** One image that could not be saved, remembered so that a later run tries it again. */
export interface MediaFailure {
  message_id: string
  index: number
  url: string
  /** Why the last attempt failed, as the warning said it. */
  reason: string
  attempts: number
  /** False for a URL that can never be fetched (not http or https): it is not tried again. */
  retry: boolean
}

export function mediaFailuresPath(out: string): string {
  return `${out}.media-failures.json`
}

const keyOf = (messageId: string, index: number) => `${messageId}-${index}`

/**
 * FILE.media-failures.json: the images of an export that failed, kept beside FILE under the
 * export's lock. A media failure never stops the archive; this file is how it is not forgotten.
 */
export class MediaFailures {
  private readonly tried = new Set<string>()
  private dirty = false

  private constructor(
    private readonly path: string,
    private readonly failures: Map<string, MediaFailure>,
  ) {}

  static async open(path: string): Promise<MediaFailures> {
    const entries = await readStateFile(
      path,
      (value) => (Array.isArray(value) ? value.filter(isFailure) : undefined),
      'list of images to retry',
      'remove it (only the retries of images that failed are lost)',
    )
    return new MediaFailures(path, new Map((entries ?? []).map((entry) => [keyOf(entry.message_id, entry.index), entry])))
  }

  /** Failures a run should try again: fetchable, under the attempt cap, not yet tried this run. */
  retryable(): MediaFailure[] {
    return [...this.failures.values()].filter((failure) => failure.retry && failure.attempts < MAX_MEDIA_ATTEMPTS && !this.tried.has(keyOf(failure.message_id, failure.index)))
  }

  /** Remembered failures that will not be tried again. */
  givenUp(): MediaFailure[] {
    return [...this.failures.values()].filter((failure) => !failure.retry || failure.attempts >= MAX_MEDIA_ATTEMPTS)
  }

  /** Whether this image should be left alone now: tried already this run, or given up on. */
  settled(messageId: string, index: number): boolean {
    const key = keyOf(messageId, index)
    const failure = this.failures.get(key)
    return this.tried.has(key) || (failure !== undefined && (!failure.retry || failure.attempts >= MAX_MEDIA_ATTEMPTS))
  }

  failed(messageId: string, index: number, url: string, reason: string, retry: boolean): MediaFailure {
    const key = keyOf(messageId, index)
    const attempts = (this.failures.get(key)?.attempts ?? 0) + 1
    const failure = {message_id: messageId, index, url, reason, attempts, retry}
    this.failures.set(key, failure)
    this.tried.add(key)
    this.dirty = true
    return failure
  }

  saved(messageId: string, index: number): void {
    const key = keyOf(messageId, index)
    this.tried.add(key)
    if (this.failures.delete(key)) this.dirty = true
  }

  /** Write the list if it changed; an empty list leaves no file. */
  async save(): Promise<void> {
    if (!this.dirty) return
    if (this.failures.size === 0) await rm(this.path, {force: true})
    else await writeStateFile(this.path, [...this.failures.values()], {mode: PRIVATE_FILE_MODE})
    this.dirty = false
  }
}

function isFailure(value: unknown): value is MediaFailure {
  if (!isRecord(value)) return false
  const entry = value as Partial<MediaFailure>
  return (
    typeof entry.message_id === 'string' &&
    isNumericId(entry.message_id) &&
    Number.isSafeInteger(entry.index) &&
    typeof entry.url === 'string' &&
    typeof entry.reason === 'string' &&
    Number.isSafeInteger(entry.attempts) &&
    typeof entry.retry === 'boolean'
  )
}
