/**
 * A FILE that an earlier groupme exported, with FILE.checkpoint.json beside it (and maybe
 * FILE.spool or FILE.fill, if it was stopped): its messages are taken into the archive, so the
 * next export neither refuses FILE nor loses a message the service no longer serves; once FILE is
 * written from the archive, those files go. docs/archive.md, "dm export".
 */
import {createReadStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import {createInterface} from 'node:readline'
import type {Message} from '../../../api/api.js'
import {isNumericId} from '../../../api/ids.js'
import {isRecord, readJsonFile} from '../../../base/json-file.js'
import type {ArchiveStore} from '../../archive/store.js'
import {parseExportLine} from './file.js'

/** Messages taken into the archive per transaction. */
const BATCH = 1000

const leftovers = (file: string) => [`${file}.checkpoint.json`, `${file}.spool`, `${file}.fill`]

/** The other user of the export an earlier groupme made into FILE; undefined when there is none. */
export function earlierExportOf(file: string): Promise<string | undefined> {
  return readJsonFile(`${file}.checkpoint.json`, checkpointUser, 'checkpoint of an earlier dm export', {remedy: `remove it to export into ${file}`})
}

function checkpointUser(value: unknown): string | undefined {
  const user = isRecord(value) && isRecord(value.options) ? value.options.user : undefined
  return typeof user === 'string' && isNumericId(user) ? user : undefined
}

/** Take every message line of FILE into the chat's archive (a line that is not a message is left for checkExportFile to refuse). */
export async function takeIntoArchive(store: ArchiveStore, file: string, conversationId: string): Promise<void> {
  let batch: Message[] = []
  const lines = createInterface({input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY})
  for await (const line of lines) {
    const message = parseExportLine(line)?.message
    if (message && typeof message.id === 'string') batch.push(message)
    if (batch.length < BATCH) continue
    store.refreshPage(conversationId, batch)
    batch = []
  }

  store.refreshPage(conversationId, batch)
}

/** FILE is now written from the archive: the earlier export's checkpoint and temporary files go. */
export async function removeEarlierExport(file: string): Promise<void> {
  for (const leftover of leftovers(file)) await rm(leftover, {force: true})
}
