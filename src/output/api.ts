import {stringifyJson} from '../base/json.js'
import type {ApiPage} from '../api/answer.js'
import type {OutputMode} from './mode.js'
import type {CommandOutput} from './render.js'
import {sanitizeText} from '../base/sanitize.js'
import {writeChunk} from './stream.js'

export interface ApiOutputOptions {
  /** -i: the status line and headers first, as gh prints them (on stdout). */
  include: boolean
  /** Print nothing; the exit code still tells. */
  silent: boolean
  /** The body exactly as it came, envelope included. */
  raw: boolean
  /** With --paginate: one array of every page's data, printed at the end. */
  slurp: boolean
}

/**
 * The answers of `groupme api`. By default each answer's data (the envelope's `response`, or the
 * body when there is no envelope) as JSON: indented on a terminal or with --json, one line in a
 * pipe (what --jq prints is indented on a terminal only, as gh does). A body that is not JSON is printed as it came. On a terminal, control characters from the
 * service are removed; a pipe gets every byte.
 */
export function apiOutput(pages: AsyncIterable<ApiPage>, options: ApiOutputOptions): CommandOutput {
  return {
    async render(mode, {stdout}) {
      const terminal = mode.width !== undefined || mode.format === 'table'
      const safe = (text: string) => (terminal ? sanitizeText(text) : text)
      // --jq (mode.jq, compiled by BaseCommand): what it prints is indented on a terminal only, and written as it prints it.
      const json = async (value: unknown) => {
        if (mode.jq) await mode.jq(value, {compact: !terminal}, (text) => writeChunk(stdout, safe(text)))
        else await writeChunk(stdout, safe(stringifyJson(value, pretty(mode) ? 2 : undefined) + '\n'))
      }
      const slurped: unknown[] = []
      for await (const {answer, content} of pages) {
        if (options.silent) continue
        if (options.include) {
          const head = [`HTTP/${answer.httpVersion} ${answer.status} ${answer.statusText}`.trimEnd()]
          for (const [name, value] of Object.entries(answer.headers)) {
            for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) head.push(`${name}: ${one}`)
          }

          await writeChunk(stdout, safe(head.join('\n')) + '\n\n')
        }

        if (options.raw) {
          await writeChunk(stdout, terminal ? safe(answer.body.toString('utf8')) : answer.body)
        } else if (options.slurp) {
          if (content.kind === 'json') slurped.push(content.data)
        } else if (content.kind === 'json') {
          await json(content.data)
        } else if (content.kind === 'text') {
          await writeChunk(stdout, safe(content.text.endsWith('\n') ? content.text : content.text + '\n'))
        }
      }

      if (options.slurp && !options.silent) await json(slurped)
    },
  }
}

function pretty(mode: OutputMode): boolean {
  return mode.format === 'table' || mode.format === 'json'
}
