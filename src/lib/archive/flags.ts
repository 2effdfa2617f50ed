import * as Flags from '@oclif/core/flags'
import {refuseDash} from '../../core/flags.js'

/** The database every archive command reads or writes. */
export const dbFlag = refuseDash(
  Flags.string({
    description: 'The archive file. [default: $GROUPME_ARCHIVE_DB, else $XDG_DATA_HOME/groupme/archive.db, else ~/.local/share/groupme/archive.db]',
  }),
  'the archive is an SQLite file; give its path',
)

/** --chat, repeatable: a compound chat id, the other user's id, or @Name. */
export const chatsFlag = Flags.string({
  description: 'Only this chat: a compound chat id, the other user\'s id, or @Name. Repeatable.',
  multiple: true,
  multipleNonGreedy: true,
})
