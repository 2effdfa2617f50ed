import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Sandbox} from '../../../src/sandbox/index.js'

export const BIN = fileURLToPath(new URL('../../../bin/run.cjs', import.meta.url))

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  sandbox?: Sandbox
  /** The environment over the sandbox's; undefined removes a variable. */
  env?: Record<string, string | undefined>
  stdin?: string | Buffer
  configDir?: string
  /** Relative paths in the arguments are taken from here. */
  cwd?: string
  /** Leave stdin open for the test to write to (groupme mcp reads requests from it). */
  keepStdinOpen?: boolean
}

/**
 * One cache directory for every CLI a test run starts: the first run writes the start-up code
 * cache (src/boot.ts) and the others use it, as a user's runs do.
 */
const SHARED_CACHE = join(tmpdir(), 'groupme-e2e-cache')

/** A config directory of its own, so no test sees a real login. */
export function freshConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'groupme-e2e-'))
}

const dataHomes = new WeakMap<Sandbox, string>()

/**
 * The data folder (XDG_DATA_HOME, where the archive that dm export and archive sync write lives
 * by default): one per sandbox, as one user's runs share one; a folder of its own without one.
 */
export function dataHomeFor(sandbox: Sandbox | undefined): string {
  if (!sandbox) return freshConfigDir()
  let dir = dataHomes.get(sandbox)
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'groupme-data-'))
    dataHomes.set(sandbox, dir)
  }

  return dir
}

/**
 * Run the built CLI as a user would, over loopback HTTP against the sandbox: for what only a
 * process shows (signals, pipes, help, unknown commands, start-up). A command's behaviour is
 * tested in-process with test/helpers/run-in-process.ts, whose runCli has this one's shape. Spawned
 * asynchronously so the in-process sandbox keeps answering; NODE_ENV=production stops oclif
 * from loading TypeScript.
 */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = startCli(args, options)
  return finished(child)
}

export function startCli(args: string[], options: CliOptions = {}) {
  const env = cliEnv(options)
  const child = spawn(process.execPath, [BIN, ...args], {cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
  // A CLI that exits before it reads stdin (`groupme version` is answered at once) closes the pipe
  // under the write: that is no failure of the run; any other error on stdin is.
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') child.emit('error', error)
  })
  if (!options.keepStdinOpen) child.stdin.end(options.stdin ?? '')
  return child
}

/**
 * The environment a spawned CLI runs in: a fresh home and config directory (or `configDir` for
 * both), the shared start-up cache, the sandbox's data folder and addresses, then `env` over it.
 * For a test that starts the CLI through a shell or script(1) rather than startCli.
 */
export function cliEnv(options: Pick<CliOptions, 'sandbox' | 'env' | 'configDir'> = {}): Record<string, string> {
  return withOverrides(
    {
      PATH: process.env.PATH ?? '',
      HOME: options.configDir ?? freshConfigDir(),
      NODE_ENV: 'production',
      XDG_CACHE_HOME: SHARED_CACHE,
      XDG_DATA_HOME: dataHomeFor(options.sandbox),
      GROUPME_CONFIG_DIR: options.configDir ?? freshConfigDir(),
      ...options.sandbox?.env,
    },
    options.env,
  )
}

/** `base` with `overrides` over it; an override that is undefined removes the variable. */
export function withOverrides(base: Record<string, string>, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env = {...base}
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }

  return env
}

export function finished(child: ReturnType<typeof startCli>): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({code, signal, stdout, stderr}))
  })
}

/** Requests the sandbox saw, as `METHOD path`, for asserting what was (not) sent. */
export function requestLines(sandbox: Sandbox): string[] {
  return sandbox.requests.map((request) => `${request.method} ${request.path}`)
}
