import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {sandboxPerTest} from '../../../../helpers/sandbox.js'
import {runCli as spawnCli} from '../../../../e2e/helpers/cli.js'
import {runCli} from '../../../../helpers/run-in-process.js'

const sandboxWith = sandboxPerTest()

/** The zone is read when the process starts: each TZ is a process of its own. */
describe('the zone the site names', () => {
  test('TZ=:/etc/localtime, UTC+99, EST5EDT: named as the system resolves it, or by its offset, never "undefined"', async () => {
    const box = await sandboxWith({})
    const db = join(mkdtempSync(join(tmpdir(), 'groupme-html-tz-')), 'archive.db')
    expect((await runCli(['archive', 'sync', '--db', db], {sandbox: box})).code).toBe(0)
    for (const zone of [':/etc/localtime', 'UTC+99', 'EST5EDT']) {
      const result = await spawnCli(['archive', 'html', '--db', db, '--out', mkdtempSync(join(tmpdir(), 'groupme-html-tz-site-'))], {env: {TZ: zone}})
      expect({zone, code: result.code}).toEqual({zone, code: 0})
      const named = /times in (.+)\)$/m.exec(result.stdout + result.stderr)?.[1]
      expect({zone, named}).not.toEqual({zone, named: 'undefined'})
      expect({zone, named}).toEqual({zone, named: expect.stringMatching(/^(?:[A-Za-z_]+(?:\/[A-Za-z_+-]+)*|UTC[+-]\d\d:\d\d \(TZ=.+\))$/)})
    }
  })
})
