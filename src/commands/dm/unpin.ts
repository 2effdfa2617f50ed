import DmPin from './pin.js'
import {tsvColumnsHelp} from '../../output/render.js'
import {pinColumns} from '../../lib/dm/pins.js'

/** dm pin's steps with the other word: the message's pinned_at decides, as for pin. */
export default class DmUnpin extends DmPin {
  static override summary = 'Unpin a message in a chat.'
  static override description =
    'The message is read first: one that is not pinned is left as it is, with exit 0 and a line saying so (the ' +
    'service would answer a bare 400). A message that is not in the chat is exit 4, nothing sent. On a terminal the result is ' +
    'one line; in a pipe, the chat, message, whether it is pinned, whether anything changed, and the request.' +
    '\n\n' +
    tsvColumnsHelp(pinColumns)

  static override examples = [
    {description: 'Unpin a message', command: '<%= config.bin %> dm unpin 118825642 179084538000000001'},
    {description: 'Safe to repeat from a script', command: '<%= config.bin %> dm unpin @Alice 179084538000000001 --quiet'},
  ]

  protected override pinned = false
}
