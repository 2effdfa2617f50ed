import {spawn} from 'node:child_process'

import type {Message} from '../../../api/api.js'
import {stringifyJson} from '../../../base/json.js'

/** Runs the --exec command for one message; resolves when it has finished, whatever its outcome. */
export type MessageHook = (message: Message) => Promise<void>

/**
 * `--exec CMD`: CMD runs in the shell once per message, one at a time, with the message's JSON
 * (one line) on stdin. What it prints goes to stderr, so that stdout stays the watch's data.
 * A hook that fails is reported with its exit status; the watch goes on.
 */
export function shellHook(command: string, note: (line: string) => void, stderr: NodeJS.WritableStream): MessageHook {
  return (message) =>
    new Promise((resolve) => {
      const child = spawn(command, {shell: true, stdio: ['pipe', 'pipe', 'pipe']})
      child.stdout.pipe(stderr, {end: false})
      child.stderr.pipe(stderr, {end: false})
      // A hook that does not read its input is fine.
      child.stdin.on('error', () => {})
      child.stdin.end(stringifyJson(message) + '\n')
      let failed = false
      child.once('error', (error) => {
        failed = true
        note(`warning: --exec could not run for message ${message.id}: ${error.message}`)
        resolve()
      })
      child.once('close', (code, signal) => {
        if (failed) return
        if (signal) note(`warning: --exec was killed by ${signal} for message ${message.id}`)
        else if (code !== 0) note(`warning: --exec exited with status ${code} for message ${message.id}`)
        resolve()
      })
    })
}
