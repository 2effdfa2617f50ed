import type {CommandOutput} from './render.js'
import {sanitizeLine} from '../base/sanitize.js'
import {writeChunk} from './stream.js'

/**
 * What an action did (sent, deleted, logged in). On a terminal: one line saying so, as `gh`
 * does, not a table. In a pipe: the data as before on stdout, and the line on stderr for whoever
 * reads the log. With --json or --jsonl: the data alone.
 */
export function action(line: string, data: CommandOutput | undefined): CommandOutput {
  const said = sanitizeLine(line) + '\n'
  return {
    async render(mode, streams) {
      if (mode.format === 'table') return writeChunk(streams.stdout, said)
      if (mode.format === 'plain') await writeChunk(streams.stderr, said)
      await data?.render(mode, streams)
    },
  }
}
