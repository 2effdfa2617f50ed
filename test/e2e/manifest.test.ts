import {describe, expect, test} from '@jest/globals'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

interface ManifestCommand {
  flags: Record<string, unknown>
  args: Record<string, unknown>
}

function commandFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? commandFiles(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  )
}

/** A stale oclif.manifest.json silently hides new commands and flags: `npm run build` regenerates it. */
describe('oclif.manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, ManifestCommand>}
  const commandsDir = join(root, 'dist', 'commands')
  const files = commandFiles(commandsDir)

  const ids = files.map((file) => relative(commandsDir, file).replace(/\.js$/, '').split('/').join(':')).sort()

  test('lists exactly the compiled commands', () => {
    expect(Object.keys(manifest.commands).sort()).toEqual(ids)
  })

  test('src/cli.ts registers every command (oclif explicit strategy)', async () => {
    const {COMMANDS} = (await import('../../src/cli.js')) as {COMMANDS: Record<string, unknown>}
    expect(Object.keys(COMMANDS).sort()).toEqual(ids)
  })

  test.each(files.map((file) => [relative(commandsDir, file), file]))('%s has the flags and args of its class', async (_name, file) => {
    const id = relative(commandsDir, file).replace(/\.js$/, '').split('/').join(':')
    const {default: command} = (await import(pathToFileURL(file).href)) as {
      default: {flags?: object; baseFlags?: object; args?: object}
    }
    const flags = Object.keys({...command.baseFlags, ...command.flags}).sort()
    expect(Object.keys(manifest.commands[id].flags).sort()).toEqual(flags)
    expect(Object.keys(manifest.commands[id].args)).toEqual(Object.keys(command.args ?? {}))
  })
})
