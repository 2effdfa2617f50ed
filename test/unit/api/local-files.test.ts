/**
 * A request whose local file fails (the download's target cannot be written, the upload's source
 * cannot be read) ends at once as the file error it is: exit 2 naming the path, never retried as
 * a network error.
 */
import {expect, test} from '@jest/globals'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ExitCode} from '../../../src/base/errors.js'
import {FileError} from '../../../src/base/file-errors.js'
import {rejectionOf} from '../../helpers/errors.js'
import {scriptedClient} from '../helpers/scripted-client.js'

const {server, client} = scriptedClient()

test('a download whose target folder is gone is a file error naming it, after one attempt', async () => {
  server().script({status: 200, headers: {'Content-Type': 'image/png'}, body: Buffer.from('png bytes')})
  const before = server().requests.length
  const missing = join(mkdtempSync(join(tmpdir(), 'groupme-local-')), 'gone', 'x.part')
  const error = await rejectionOf(client().saveDownload(`${server().url}/m/x.png`, missing, () => `${missing}.png`))
  expect(error).toBeInstanceOf(FileError)
  expect((error as FileError).exitCode).toBe(ExitCode.usage)
  expect((error as FileError).message).toContain(missing)
  expect(server().requests.length - before).toBe(1)
})

test('an upload whose file cannot be read is a file error naming it, never retried', async () => {
  // A folder where the file should be: unreadable as a file for every user, root included.
  const path = mkdtempSync(join(tmpdir(), 'groupme-local-upload-'))
  server().script({status: 200, body: JSON.stringify({payload: {url: 'https://i.groupme.com/x'}})})
  const before = server().requests.length
  const error = await rejectionOf(client().uploadImageFile(path, 'image/png'))
  expect(error).toBeInstanceOf(FileError)
  expect((error as FileError).message).toContain(path)
  expect(server().requests.length - before).toBeLessThanOrEqual(1)
})
