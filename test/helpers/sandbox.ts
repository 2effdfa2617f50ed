import {afterEach} from '@jest/globals'
import {type Sandbox, type SandboxOptions, startSandbox} from '../../src/sandbox/index.js'

/**
 * `const sandboxWith = sandboxPerTest()` at a test file's top level: each call starts a sandbox
 * with these options, and every sandbox a test started is closed after it.
 */
export function sandboxPerTest(): (options?: SandboxOptions) => Promise<Sandbox> {
  const started: Sandbox[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.close()))
  })
  return async (options = {}) => {
    const sandbox = await startSandbox(options)
    started.push(sandbox)
    return sandbox
  }
}
