import type {Sandbox} from '../../../src/sandbox/index.js'
import {type CliResult, finished, startCli} from './cli.js'
import * as wait from '../../helpers/wait.js'

export interface WatchedMessage {
  id: string
  conversation_id: string
  text: string | null
  [field: string]: unknown
}

/** A `dm watch` child: its JSONL output as it arrives, and a way to stop it. */
export class WatchProcess {
  private readonly child: ReturnType<typeof startCli>
  private readonly result: Promise<CliResult>
  private stdout = ''

  constructor(args: string[], options: {sandbox: Sandbox; env?: Record<string, string | undefined>; configDir?: string}) {
    this.child = startCli(['dm', 'watch', '--jsonl', ...args], options)
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk))
    this.result = finished(this.child)
  }

  /** Every complete line printed so far, parsed. */
  records(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  }

  messages(): WatchedMessage[] {
    return this.records().filter((record) => record.event === undefined) as WatchedMessage[]
  }

  async waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    let met = false
    const metOrExited = () => {
      met = condition()
      return met || this.child.exitCode !== null
    }
    try {
      await wait.waitFor(metOrExited, timeoutMs, 50)
    } catch (error) {
      if (error instanceof Error && error.message === 'timed out waiting') throw new Error(`timed out; dm watch printed ${this.messages().length} messages`)
      throw error
    }

    if (!met) throw new Error(`dm watch exited early: ${(await this.result).stderr}`)
  }

  /** Stop it (Ctrl-C by default) and wait for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<CliResult> {
    if (this.child.exitCode === null) this.child.kill(signal)
    const result = await this.result
    return {...result, stdout: this.stdout}
  }
}

/** Is a watch listening: subscribed to push, after its first listing of the chats set its starting point? */
export function subscribed(sandbox: Sandbox, times = 1): boolean {
  return sandbox.push.subscribes >= times
}

/** Has the watch listed the chats yet (its starting point is set)? For a watch without push. */
export function listedChats(sandbox: Sandbox, times = 1): boolean {
  return sandbox.requests.filter((request) => request.path === '/v3/chats').length >= times
}
