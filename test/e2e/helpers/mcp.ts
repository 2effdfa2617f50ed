import {Client, type JSONRPCMessage, type Transport} from '@modelcontextprotocol/client'
import type {CliOptions} from './cli.js'
import {startCli} from './cli.js'

/**
 * The SDK's client over a spawned `groupme mcp` (the built CLI, as a host runs it): a transport
 * like the SDK's StdioClientTransport that also keeps every line the server wrote on stdout and
 * all of its stderr, so a test can check that stdout carried protocol messages only.
 */
export class ServerProcess implements Transport {
  onclose?: () => void
  onerror?: (error: Error) => void
  onmessage?: (message: JSONRPCMessage) => void
  /** Every line of stdout, as written. */
  readonly lines: string[] = []
  stderr = ''
  private readonly child: ReturnType<typeof startCli>
  private buffer = ''
  readonly exited: Promise<number | null>

  constructor(args: string[], options: CliOptions = {}) {
    this.child = startCli(['mcp', ...args], {...options, keepStdinOpen: true})
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk))
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.read(chunk))
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)))
    void this.exited.then(() => this.onclose?.())
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    this.child.stdin.write(JSON.stringify(message) + '\n')
  }

  /** End stdin, as a host does, and wait for the server to exit. */
  async close(): Promise<void> {
    this.child.stdin.end()
    await this.exited
  }

  private read(chunk: string): void {
    this.buffer += chunk
    const lines = this.buffer.split('\n')
    this.buffer = lines.pop() ?? ''
    for (const line of lines) {
      this.lines.push(line)
      try {
        this.onmessage?.(JSON.parse(line) as JSONRPCMessage)
      } catch (error) {
        this.onerror?.(error as Error)
      }
    }
  }
}

export interface Connected {
  client: Client
  server: ServerProcess
}

/**
 * Start `groupme mcp ARGS` and connect the SDK's client to it: `elicitation` declares that the
 * client can ask; `modern` speaks protocol revision 2026-07-28 (server/discover), not 2025's initialize.
 */
export async function connect(args: string[], options: CliOptions & {elicitation?: boolean; modern?: boolean} = {}): Promise<Connected> {
  const server = new ServerProcess(args, options)
  const client = new Client(
    {name: 'groupme-test', version: '1.0.0'},
    {capabilities: options.elicitation ? {elicitation: {form: {}}} : {}, ...(options.modern ? {versionNegotiation: {mode: {pin: '2026-07-28'}}} : {})},
  )
  await client.connect(server)
  return {client, server}
}
