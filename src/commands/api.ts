import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand, jqFlag} from '../core/base-command.js'
import {readInputFile, readInputStdin} from '../lib/api/input.js'
import {planRequest} from '../lib/api/request.js'
import {apiAnswers} from '../lib/api/run.js'
import {apiOutput} from '../output/api.js'
import {noTsvHelp} from '../output/render.js'

export default class Api extends BaseCommand<typeof Api> {
  static override usage = 'api [METHOD] PATH [flags]'
  static override summary = 'Call any GroupMe API endpoint with your login, and print the answer.'
  static override description = `PATH is relative to the v3 base (chats, /users/me), or starts with v2/ or v4/ for those bases, or is a full https:// URL on a GroupMe API host (api.groupme.com, v2.groupme.com, image.groupme.com, or a GROUPME_*_URL base). Any other host is refused before anything is sent: the token goes only to GroupMe, in the X-Access-Token header, never in a URL (a token= parameter is refused).

The method is GET, or POST when fields or --input are given (except with --paginate, which pages GETs); give another as METHOD or -X.

-f key=value adds a string field; -F key=value a typed one: true, false, null and integers become JSON values (an 18-digit id keeps every digit), @FILE is the file's text and @- stdin. Keys nest: direct_message[text]=hi, attachments[][type]=image (a key already in the last object of the array starts a new one). For GET the fields are the query string; otherwise they are the JSON body (with --input, the query string).

--paginate follows the list to its end: /chats and /groups by page number (also any endpoint given -f page=N), /direct_messages and /groups/:id/messages backwards by before_id. It stops at a 304 or an empty page, never at a short one; a page that is not a page is retried like a 5xx, then an error. Each page prints as one JSON value; --slurp prints one array of them.

The answer prints as the data inside the service's envelope (its "response"), indented on a terminal and on one line in a pipe; --raw prints the body as it came. Errors are reported as by every other command, with the service's own reason and the same exit codes.

Retries: GET and DELETE are retried on a 5xx, a 429 or a lost connection, as elsewhere; a POST, PUT or PATCH is sent once and never repeated, since the CLI cannot know that repeating it is harmless (a retried send reuses its source_guid, and the 409 that answers it would read as a failure). Use dm send for sends that must happen exactly once.

${noTsvHelp('it prints the answer as JSON')}`

  static override examples = [
    {description: 'Who am I', command: '<%= config.bin %> api users/me'},
    {description: 'A whole DM history, one text a line', command: "<%= config.bin %> api direct_messages -f other_user_id=118825642 -F limit=100 --paginate --jq '.direct_messages[].text // empty'"},
    {description: 'Every chat, as one array of pages', command: '<%= config.bin %> api chats -F per_page=100 --paginate --slurp'},
    {description: 'Like a message (no command covers it)', command: '<%= config.bin %> api POST messages/93645911+118825642/179084538000000001/like'},
    {description: 'Clear a chat\'s history', command: '<%= config.bin %> api DELETE chats/93645911+118825642'},
    {description: 'Send with nested fields', command: '<%= config.bin %> api direct_messages -f direct_message[recipient_id]=118825642 -f direct_message[text]=hi -f direct_message[source_guid]=$(uuidgen)'},
    {description: 'A v4 read receipt, with the status line and headers', command: '<%= config.bin %> api -i POST v4/read_receipts/93645911+118825642 -f message_id=179084538000000001'},
  ]

  static override untestedExamples = {
    '<%= config.bin %> api direct_messages -f direct_message[recipient_id]=118825642 -f direct_message[text]=hi -f direct_message[source_guid]=$(uuidgen)': 'needs uuidgen, which the test machine lacks',
    '<%= config.bin %> api -i POST v4/read_receipts/93645911+118825642 -f message_id=179084538000000001': 'the sandbox has no v4 read receipts',
  }

  static override args = {
    'method-or-path': Args.string({description: 'PATH, or METHOD when PATH follows.', required: true}),
    path: Args.string({description: 'PATH, after METHOD.'}),
  }

  static override flags = {
    method: Flags.string({char: 'X', description: 'The HTTP method: GET, POST, PUT, PATCH or DELETE. [default: GET, or POST with fields]'}),
    'raw-field': Flags.string({char: 'f', description: 'A string field, key=value. Repeatable.', multiple: true, multipleNonGreedy: true}),
    field: Flags.string({char: 'F', description: 'A typed field, key=value: true, false, null, integers, @FILE, @-. Repeatable.', multiple: true, multipleNonGreedy: true}),
    header: Flags.string({char: 'H', description: 'A request header, "Name: value" (not X-Access-Token, Host, or connection headers). Repeatable.', multiple: true, multipleNonGreedy: true}),
    input: Flags.string({description: 'The request body from a file, or - for stdin (sent as JSON unless -H Content-Type says otherwise).'}),
    paginate: Flags.boolean({description: 'Follow the list to its end (page or before_id, as the endpoint pages).'}),
    slurp: Flags.boolean({description: 'With --paginate: one JSON array of every page.', dependsOn: ['paginate'], exclusive: ['raw', 'include']}),
    include: Flags.boolean({char: 'i', description: 'Print the status line and headers before the body.', helpGroup: 'OUTPUT'}),
    silent: Flags.boolean({description: 'Print nothing; the exit code tells.', exclusive: ['raw', 'include', 'jq'], helpGroup: 'OUTPUT'}),
    raw: Flags.boolean({description: 'Print the body exactly as it came, envelope and all.', exclusive: ['jq'], helpGroup: 'OUTPUT'}),
    jq: jqFlag,
  }

  async run() {
    const {flags} = this
    const fields = this.flagOrder
      .filter(({flag}) => flag === 'raw-field' || flag === 'field')
      .map(({flag, input}) => ({typed: flag === 'field', text: input}))
    const {stdin} = this.context.io
    const plan = await planRequest(
      {args: [this.args['method-or-path'], this.args.path], method: flags.method, fields, headers: flags.header ?? [], input: flags.input, paginate: flags.paginate},
      this.context.settings.endpoints(),
      async (source) => ('stdin' in source ? await readInputStdin(stdin) : await readInputFile(source.file)).toString('utf8'),
      (source) => ('stdin' in source ? readInputStdin(stdin) : readInputFile(source.file)),
    )
    const client = await this.context.client()
    return apiOutput(apiAnswers(client, plan), {include: flags.include, silent: flags.silent, raw: flags.raw, slurp: flags.slurp})
  }
}
