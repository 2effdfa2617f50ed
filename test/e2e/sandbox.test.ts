import {describe, expect, test} from '@jest/globals'
import {finished, runCli, startCli} from './helpers/cli.js'

describe('groupme sandbox', () => {
  test('prints the settings that point the CLI at it, answers on them, and stops on Ctrl-C with exit 0', async () => {
    const child = startCli(['sandbox'])
    const done = finished(child)
    let stdout = ''
    const env = await new Promise<Record<string, string>>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        const pairs = [...stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((match) => [match[1], match[2]])
        if (pairs.some(([name]) => name === 'GROUPME_MAX_RPS')) resolve(Object.fromEntries(pairs))
      })
    })
    expect(env.GROUPME_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/)

    const chats = await runCli(['chats', 'list', '--json'], {env})
    expect(chats.code).toBe(0)
    expect(JSON.parse(chats.stdout).length).toBeGreaterThan(0)

    child.kill('SIGINT')
    const result = await done
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('GroupMe sandbox listening on')
    // The way back to the real service, with every variable the export lines set.
    const unset = /^To go back to the real service: (unset [\w ]+)$/m.exec(result.stderr)
    expect(unset?.[1]).toBe(`unset ${Object.keys(env).join(' ')}`)
  })

  test('--json: one object (url, user_id, env) once it answers, then nothing more on stdout until Ctrl-C', async () => {
    const child = startCli(['sandbox', '--json'])
    const done = finished(child)
    let stdout = ''
    // The object is indented; it is whole when its closing brace starts a line.
    const settings = await new Promise<{url: string; user_id: string; env: Record<string, string>}>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        if (stdout.endsWith('\n}\n')) resolve(JSON.parse(stdout))
      })
    })
    expect(settings).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      user_id: '93645911',
      env: expect.objectContaining({GROUPME_API_URL: `${settings.url}/v3`, GROUPME_PUSH_URL: `${settings.url}/faye`, GROUPME_TOKEN: expect.any(String)}),
    })

    // It answers as soon as the object is out, on the settings the object gives.
    const chats = await runCli(['chats', 'list', '--json'], {env: settings.env})
    expect(chats.code).toBe(0)
    expect(JSON.parse(chats.stdout).length).toBeGreaterThan(0)

    child.kill('SIGINT')
    const result = await done
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual(settings)
    expect(result.stderr).toContain('GroupMe sandbox listening on')
  })
})
