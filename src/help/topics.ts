/**
 * Help topics (`groupme help environment`, as `gh help environment`): the README's sections of the
 * same name, word for word, so the terminal and the README never disagree. The README is the
 * source; test/unit/help/topics.test.ts fails when one changes without the other.
 */
export interface HelpTopic {
  name: string
  /** The README section it is. */
  readmeSection: string
  summary: string
  /** The section's Markdown, as in the README. */
  markdown: string
}

export const HELP_TOPICS: readonly HelpTopic[] = [
  {
    name: 'environment',
    readmeSection: 'Configuration',
    summary: 'Environment variables: the token, the service’s addresses, limits, colour, debug output.',
    markdown: `| variable | meaning | default |
|---|---|---|
| \`GROUPME_TOKEN\` | the access token; wins over the saved one | the config file |
| \`GROUPME_CONFIG_DIR\` | where \`auth login\` saves \`config.json\` (mode 0600; the directory is created 0700, an existing one keeps its mode and is refused if others may write to it) | \`$XDG_CONFIG_HOME/groupme\` or \`~/.config/groupme\` |
| \`GROUPME_API_URL\` | the v3 API | \`https://api.groupme.com/v3\` |
| \`GROUPME_V2_URL\` | the v2 API (read receipts) | \`https://v2.groupme.com\` |
| \`GROUPME_IMAGE_URL\` | the image service | \`https://image.groupme.com\` |
| \`GROUPME_MAX_RPS\` | requests per second at most, per process; \`0\` turns the limit off (sandbox) | \`8\` |
| \`NO_COLOR\` | no colour at all | |
| \`DEBUG=groupme*\` | same as \`--debug\`: each request's method, URL, status and time on stderr | |

Base URLs must be \`https://\`, or plain \`http://\` to loopback only (\`127.0.0.0/8\`, \`::1\`,
\`localhost\`): anything else is refused with exit 2, so the token never crosses a network in clear.

Every request has a timeout (\`--timeout\`, 30 s). GET and DELETE are retried on 408, 420, 429, 5xx
and network errors with exponential backoff and jitter, honouring \`Retry-After\` up to 30 s; a send
is retried only because its \`source_guid\` makes the retry harmless.`,
  },
  {
    name: 'exit-codes',
    readmeSection: 'Exit codes',
    summary: 'What each exit code means, for scripts that branch on them.',
    markdown: `| exit code | meaning |
|---|---|
| 0 | success; an empty result is success |
| 1 | network, server or unexpected error; a full disk or a failing device |
| 2 | usage or validation error; nothing was sent. Also a file the CLI cannot use: a path that is a directory or device, no permission, a read-only file system, a state file that is damaged or was changed by hand |
| 3 | not authenticated (no token, or 401) |
| 4 | not found (404) |
| 5 | rate-limited after the retries (429/420), or banned/forbidden (403) |
| 6 | conflict (409), e.g. \`dm send\` with a \`--source-guid\` already used; or the file of \`dm export\` or \`dm tail\` is locked by another run |
| 7 | \`dm tail --exit-status\` only: nothing new since the last run |
| 130 | interrupted (Ctrl-C); \`dm export\` and \`dm tail\` leave their checkpoint or state file valid |`,
  },
  {
    name: 'formatting',
    readmeSection: 'Output',
    summary: 'Tables, tab-separated lines, JSON and JSONL: what goes to stdout and stderr.',
    markdown: `| where | what you get |
|---|---|
| a terminal | a table |
| a pipe or file | the same columns as tab-separated lines: no header, no borders, no colour |
| \`--json\` | what the API returned, without its envelope: lists as one array, one object as an object |
| \`--jsonl\` (lists) | one compact object per line, written as the pages arrive |

Message text in tables and lines is one line per record: newlines and tabs are shown as \`\\n\` and
\`\\t\`, and escape sequences, control characters and BiDi overrides are removed. JSON output is
exactly what the service sent, unknown fields and attachment types included.

Errors are one line on stderr. With \`--json\`, an error is one object on stderr,
\`{"error": {"status", "code", "message"}}\`, and stdout stays empty.`,
  },
]
