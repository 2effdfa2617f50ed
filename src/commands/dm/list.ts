import * as Flags from '@oclif/core/flags'
import {userArg} from '../../core/args.js'
import {BaseCommand, jqFlag, jsonlFlag} from '../../core/base-command.js'
import {resolveUserId} from '../../lib/chats/resolve.js'
import {parseUserRef, requireNumericId} from '../../api/ids.js'
import {messageColumns, messageFields} from '../../lib/dm/columns.js'
import {queryPages} from '../../lib/dm/pager.js'
import {jsonFieldsHelp} from '../../output/fields.js'
import {list, tsvColumnsHelp} from '../../output/render.js'

const CURSORS = ['before-id', 'since-id', 'after-id']

export default class DmList extends BaseCommand<typeof DmList> {
  static override summary = 'List the messages of a direct-message conversation, newest first.'
  static override description =
    'Pages backwards through history 100 messages a request, stopping at an empty page, never at a short one. ' +
    'With --since-id or --after-id every newer message is listed unless --limit says otherwise. ' +
    'Ids are compared as numbers of any size; they are never rounded.\n\n' +
    jsonFieldsHelp(messageFields) +
    '\n\n' +
    tsvColumnsHelp(messageColumns)

  static override jsonFields = messageFields

  static override examples = [
    {description: 'The last 20 messages with a user', command: '<%= config.bin %> dm list 118825642'},
    {description: 'The whole history, one JSON object a line', command: '<%= config.bin %> dm list 118825642 --all --jsonl > history.jsonl'},
    {description: 'Everything after a message, oldest first', command: '<%= config.bin %> dm list 118825642 --since-id 179084538000000001 --reverse'},
    {description: 'By name instead of id', command: '<%= config.bin %> dm list @Bob --limit 5'},
    {description: 'Texts only', command: "<%= config.bin %> dm list 118825642 --limit 200 --json | jq -r '.[].text // empty'"},
    {description: 'Some fields of every message, one a line', command: '<%= config.bin %> dm list 118825642 --all --jsonl --json=id,created_at,text'},
    {description: 'Who liked what, with the built-in jq', command: "<%= config.bin %> dm list 118825642 --limit 100 --jsonl --jq 'select(.favorited_by | length > 0) | .text'"},
  ]

  static override args = {
    user: userArg,
  }

  static override flags = {
    'before-id': Flags.string({description: 'Only messages older than this id.', exclusive: CURSORS.filter((c) => c !== 'before-id')}),
    'since-id': Flags.string({description: 'Only messages newer than this id (all of them, paging back as needed).', exclusive: CURSORS.filter((c) => c !== 'since-id')}),
    'after-id': Flags.string({description: 'Only messages right after this id, sorted by id.', exclusive: CURSORS.filter((c) => c !== 'after-id')}),
    limit: Flags.integer({description: 'How many messages at most. [default: 20, or all with --since-id/--after-id]', min: 1, max: 1_000_000, exclusive: ['all']}),
    all: Flags.boolean({description: 'The whole history.'}),
    reverse: Flags.boolean({description: 'Oldest first.'}),
    jsonl: jsonlFlag,
    jq: jqFlag,
  }

  async run() {
    const {flags} = this
    const user = parseUserRef(this.args.user, 'USER')
    const beforeId = flags['before-id'] && requireNumericId(flags['before-id'], '--before-id')
    const sinceId = flags['since-id'] && requireNumericId(flags['since-id'], '--since-id')
    const afterId = flags['after-id'] && requireNumericId(flags['after-id'], '--after-id')
    const client = await this.context.client()
    const otherUserId = await resolveUserId(client, user)
    const max = flags.all ? undefined : flags.limit ?? (sinceId || afterId ? undefined : 20)
    const pages = queryPages(client, {otherUserId, beforeId, sinceId, afterId, max, oldestFirst: flags.reverse})
    return list(pages, messageColumns, {empty: 'No messages.'})
  }
}
