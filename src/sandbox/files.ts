/**
 * The file service (file.groupme.com/v1) in memory: uploads become jobs, a job's status is polled
 * until done, then the file is described (fileData) and downloaded by its id, always within the
 * conversation it was uploaded to (docs/actions.md, Files).
 */
import {randomUUID} from 'node:crypto'

export interface StoredFile {
  id: string
  conversationId: string
  name: string
  contentType: string
  bytes: Buffer
}

/** The service refuses files of 50 MB or more (docs/actions.md, Files). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

export class SandboxFiles {
  readonly files = new Map<string, StoredFile>()
  /** How many status polls a new upload answers "pending" before it is done. */
  pendingPolls = 1
  private readonly jobs = new Map<string, {fileId: string; conversationId: string; pending: number}>()

  /** Store the bytes as a file of `conversationId` now (the seed); its id. */
  add(file: Omit<StoredFile, 'id'> & {id?: string}): StoredFile {
    const stored = {...file, id: file.id ?? randomUUID()}
    this.files.set(stored.id, stored)
    return stored
  }

  /** An upload: the file is kept and a job starts; the job's id. */
  upload(conversationId: string, name: string, contentType: string, bytes: Buffer): string {
    const file = this.add({conversationId, name, contentType, bytes})
    const job = randomUUID()
    this.jobs.set(job, {fileId: file.id, conversationId, pending: this.pendingPolls})
    return job
  }

  /** A job's status: pending for its first polls, then done with the file's id; undefined for no such job here. */
  status(conversationId: string, job: string): {status: 'pending'} | {status: 'completed'; file_id: string} | undefined {
    const found = this.jobs.get(job)
    if (!found || found.conversationId !== conversationId) return undefined
    if (found.pending > 0) {
      found.pending--
      return {status: 'pending'}
    }

    return {status: 'completed', file_id: found.fileId}
  }

  /** A file of this conversation, or undefined: files cannot be used in another one. */
  file(conversationId: string, fileId: string): StoredFile | undefined {
    const file = this.files.get(fileId)
    return file?.conversationId === conversationId ? file : undefined
  }
}
