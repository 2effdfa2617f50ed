/**
 * The --jq worker, CommonJS run with `eval` (as src/lib/dm/matcher.ts's): jq-wasm loaded inside it,
 * its stdout taken at the WASI write call so that each output is posted as jq writes it
 * (docs/decisions/0072-jq-runs-in-a-worker-streams-and-has-a-time-budget.md).
 *
 * workerData: {jqWasm: the path of jq-wasm's CommonJS entry, flow: a SharedArrayBuffer
 * (one Int32: outputs posted and not yet written), window: how many may be}. Messages in: {expression,
 * input, flags}. Messages out: {ready}, {output: text}, {done: {stderr, exitCode}}, {failed: 'memory' | text}.
 */
export const JQ_WORKER_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
const {readFileSync} = require('node:fs')
const {dirname, join} = require('node:path')
const {loadJq} = require(workerData.jqWasm)
const flow = new Int32Array(workerData.flow)
const decoder = new TextDecoder()
let memory

// jq-wasm's runtime says "Aborted()" as the wasm heap runs out; the main thread says it in one line.
const said = console.error
console.error = (...args) => {
  if (typeof args[0] === 'string' && args[0].startsWith('Aborted(')) return
  said(...args)
}

function post(text) {
  if (text === '') return
  // Backpressure: wait while the main thread has a window's worth of outputs still to write.
  for (let queued = Atomics.load(flow, 0); queued >= workerData.window; queued = Atomics.load(flow, 0)) Atomics.wait(flow, 0, queued)
  Atomics.add(flow, 0, 1)
  parentPort.postMessage({output: text})
}

// WASI fd_write(fd, iovs, count, written) for fd 1: the bytes go to the main thread, not to jq-wasm's buffer.
function writeStdout(iovs, count, written) {
  const view = new DataView(memory.buffer)
  let total = 0
  let text = ''
  for (let index = 0; index < count; index++) {
    const at = view.getUint32(iovs + index * 8, true)
    const length = view.getUint32(iovs + index * 8 + 4, true)
    text += decoder.decode(new Uint8Array(memory.buffer, at, length), {stream: true})
    total += length
  }
  view.setUint32(written, total, true)
  post(text)
  return 0
}

function instantiateWasm(imports, done) {
  let hooked = false
  for (const functions of Object.values(imports)) {
    for (const [name, original] of Object.entries(functions)) {
      if (typeof original !== 'function' || original.name !== '_fd_write') continue
      functions[name] = (fd, iovs, count, written) => (fd === 1 ? writeStdout(iovs, count, written) : original(fd, iovs, count, written))
      hooked = true
    }
  }
  if (!hooked) throw new Error('jq-wasm has no _fd_write import to take its output from')
  const binary = readFileSync(join(dirname(workerData.jqWasm), 'build', 'jq.wasm'))
  WebAssembly.instantiate(binary, imports).then(({instance, module}) => {
    memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory)
    done(instance, module)
  }, (error) => parentPort.postMessage({failed: String(error && error.message)}))
}

loadJq({instantiateWasm}).then((jq) => {
  parentPort.on('message', ({expression, input, flags}) => {
    try {
      const {stderr, exitCode} = jq.raw(input, expression, flags)
      post(decoder.decode())
      parentPort.postMessage({done: {stderr, exitCode}})
    } catch (error) {
      parentPort.postMessage({failed: error && error.name === 'RuntimeError' ? 'memory' : String(error && error.message)})
    }
  })
  parentPort.postMessage({ready: true})
}, (error) => parentPort.postMessage({failed: String(error && error.message)}))
`
