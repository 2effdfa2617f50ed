/**
 * `dm send --file`: files checked before any request (a regular, non-empty file under the file
 * service's 50 MB), then uploaded to the chat's file service and sent as `file` attachments
 * (docs/actions.md, Files).
 */
import {stat} from 'node:fs/promises'
import {basename} from 'node:path'
import type {Attachment, GroupMeApi, UploadFile} from '../../api/api.js'
import {requireFileSize} from '../../api/file-service.js'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'

/** Check each --file before anything is sent: exit 2 with one line when one will not do. */
export async function checkFiles(paths: readonly string[]): Promise<UploadFile[]> {
  const files: UploadFile[] = []
  for (const path of paths) {
    const shown = sanitizeLine(path)
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(error.code === 'ENOENT' ? `--file: no such file: ${shown}` : `--file: cannot read ${shown} (${error.code ?? 'error'})`)
    })
    if (!info.isFile()) throw new UsageError(`--file: not a file: ${shown}`)
    if (info.size === 0) throw new UsageError(`--file: ${shown} is empty`)
    requireFileSize(shown, info.size)

    files.push({path, size: info.size, name: basename(path)})
  }

  return files
}

/** Upload each file to the chat, one after another; their attachments, in order. */
export async function uploadFileAttachments(client: GroupMeApi, conversationId: string, files: readonly UploadFile[]): Promise<Attachment[]> {
  const attachments: Attachment[] = []
  for (const file of files) attachments.push({type: 'file', file_id: await client.uploadFile(conversationId, file)})
  return attachments
}

/** A dry run's stand-ins for the file attachments: the local path in place of the id the upload would give. */
export function previewFiles(files: readonly UploadFile[]): Attachment[] {
  return files.map((file) => ({type: 'file', file_id: `file://${file.path}`}))
}
