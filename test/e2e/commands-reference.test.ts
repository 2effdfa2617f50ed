import {describe, expect, test} from '@jest/globals'
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OCLIF = fileURLToPath(new URL('../../node_modules/oclif/bin/run.js', import.meta.url))

/**
 * docs/commands.md is what `npm run readme` writes from the commands (through the manifest): a
 * command, flag or example changed without regenerating it fails here, as the manifest test does
 * for oclif.manifest.json.
 */
describe('docs/commands.md, the command reference', () => {
  test('is what `npm run readme` generates from the commands today', async () => {
    // package.json's readme script, with --dry-run: the page on stdout, the file untouched.
    const {stdout} = await promisify(execFile)(process.execPath, [OCLIF, 'readme', '--no-aliases', '--readme-path', 'docs/commands.md', '--dry-run'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    })
    const generated = stdout.replace(/^replacing <!-- commands --> in .*\n/, '')
    expect(generated.trimEnd()).toBe(readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8').trimEnd())
  }, 60_000)
})
