import {describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
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
    entry.isDirectory() ? commandFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/** A stale oclif.manifest.json silently hides new commands and flags: `npm run build` regenerates it. */
describe('oclif.manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, ManifestCommand>}
  const commandsDir = join(root, 'src', 'commands')
  const files = commandFiles(commandsDir)

  const ids = files.map((file) => relative(commandsDir, file).replace(/\.ts$/, '').split('/').join(':')).sort()

  test('lists exactly the commands in src/commands/', () => {
    expect(Object.keys(manifest.commands).sort()).toEqual(ids)
  })

  test('src/cli.ts registers every command (oclif explicit strategy)', async () => {
    const {COMMANDS} = (await import('../../src/cli.js')) as {COMMANDS: Record<string, unknown>}
    expect(Object.keys(COMMANDS).sort()).toEqual(ids)
  })

  test('the bundle registers the same commands, each evaluated only when its entry is first read', () => {
    // In a process of its own. Every entry is a getter (scripts/bundle.js, lazy-commands), so
    // listing the ids evaluates no command; reading one gives its class, the same each time.
    const script = `
      const {COMMANDS} = require(${JSON.stringify(join(root, 'dist/cli.cjs'))})
      const ids = Object.keys(COMMANDS)
      const getters = ids.every((id) => typeof Object.getOwnPropertyDescriptor(COMMANDS, id).get === 'function')
      const list = COMMANDS['chats:list']
      console.log(JSON.stringify({ids, getters, listIsClass: typeof list === 'function' && typeof list.run === 'function', sameOnRead: COMMANDS['chats:list'] === list}))`
    const result = spawnSync(process.execPath, ['-e', script], {encoding: 'utf8', env: {PATH: process.env.PATH, NODE_ENV: 'production'}})
    expect(result.stderr).toBe('')
    // A plain build (GROUPME_PLAIN_BUILD=1, scripts/bundle.js) has src/commands.ts's own map, evaluated at load.
    const getters = process.env.GROUPME_PLAIN_BUILD !== '1'
    expect(JSON.parse(result.stdout)).toEqual({ids: expect.arrayContaining(ids), getters, listIsClass: true, sameOnRead: true})
    expect(JSON.parse(result.stdout).ids).toHaveLength(ids.length)
  })

  test.each(files.map((file) => [relative(commandsDir, file), file]))('%s has the flags and args of its class', async (_name, file) => {
    const id = relative(commandsDir, file).replace(/\.ts$/, '').split('/').join(':')
    const {default: command} = (await import(pathToFileURL(file).href)) as {
      default: {flags?: object; baseFlags?: object; args?: object}
    }
    const flags = Object.keys({...command.baseFlags, ...command.flags}).sort()
    expect(Object.keys(manifest.commands[id].flags).sort()).toEqual(flags)
    expect(Object.keys(manifest.commands[id].args)).toEqual(Object.keys(command.args ?? {}))
  })
})
