/**
 * dm export --media: a failed fetch is this image's problem (a warning, tried again later); a local
 * file that cannot be written is the run's (it stops, as the file error it is).
 */
import {expect, test} from '@jest/globals'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ImageRef} from '../../../../src/lib/archive/store.js'
import {FileError} from '../../../../src/base/file-errors.js'
import {saveImages} from '../../../../src/lib/dm/export/media.js'
import {MediaFailures} from '../../../../src/lib/dm/export/media-failures.js'
import {scriptedClient} from '../../helpers/scripted-client.js'

const {server, client} = scriptedClient()

const imageOf = (id: string): ImageRef => ({messageId: id, index: 0, url: `${server().url}/m/${id}.png`})

async function job(dir: string) {
  const warnings: string[] = []
  const scratch = mkdtempSync(join(tmpdir(), 'groupme-media-failures-'))
  return {warnings, job: {client: client(), dir, stats: {saved: 0, skipped: 0, failed: 0}, warn: (line: string) => warnings.push(line), failures: await MediaFailures.open(join(scratch, 'x.media-failures.json'))}}
}

test('a media folder that cannot be written to stops the run with a file error; nothing is counted as a failed image', async () => {
  const notAFolder = join(mkdtempSync(join(tmpdir(), 'groupme-media-')), 'media')
  writeFileSync(notAFolder, 'a file where the folder should be')
  server().script({status: 200, headers: {'Content-Type': 'image/png'}, body: Buffer.from('png')})
  const {job: mediaJob, warnings} = await job(notAFolder)
  await expect(saveImages(mediaJob, [imageOf('101')])).rejects.toBeInstanceOf(FileError)
  expect(mediaJob.stats.failed).toBe(0)
  expect(warnings).toEqual([])
})

test('an image the server will not give is a warning and the run goes on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'groupme-media-'))
  for (let i = 0; i < 3; i++) server().script({status: 404})
  const {job: mediaJob, warnings} = await job(dir)
  await saveImages(mediaJob, [imageOf('102')])
  expect(mediaJob.stats.failed).toBe(1)
  expect(warnings).toHaveLength(1)
})
