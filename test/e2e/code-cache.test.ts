import {describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * V8 silently ignores a code cache that does not match the bundle, the Node version or the V8
 * flags it was made under; the CLI still works, only slower. So check that the one built is used.
 */
describe('dist/cli.cache', () => {
  test('is accepted by V8 for dist/cli.cjs in a plain node process', () => {
    const check = `
      const {readFileSync} = require('node:fs')
      const {wrap} = require('node:module')
      const {Script} = require('node:vm')
      const file = require('node:path').join(process.argv[1], 'dist/cli.cjs')
      const script = new Script(wrap(readFileSync(file, 'utf8')), {filename: file, cachedData: readFileSync(file.replace(/cjs$/, 'cache'))})
      process.stdout.write(String(script.cachedDataRejected))`
    const result = spawnSync(process.execPath, ['-e', check, root], {encoding: 'utf8', env: {PATH: process.env.PATH}})
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('false')
  })
})
