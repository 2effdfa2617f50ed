/**
 * `groupme mcp config HOST`: the snippet that registers `groupme mcp` with an AI assistant. The
 * server is started as this Node running this CLI's absolute path, so the host needs neither
 * PATH nor a shell; the token stays in the CLI's own config (or GROUPME_TOKEN), never here.
 */
import {shellQuote} from '../../core/shell-quote.js'

export const MCP_HOSTS = ['claude', 'vscode', 'cursor', 'codex'] as const
export type McpHost = (typeof MCP_HOSTS)[number]

export interface Registration {
  /** The snippet, for stdout. */
  text: string
  /** Where it goes, for stderr. */
  where: string
}

/** `cliPath`: bin/run.cjs of this install, absolute; `args`: what follows `mcp` (--db, --allow-send). */
export function registration(host: McpHost, cliPath: string, args: string[]): Registration {
  const server = {command: process.execPath, args: [cliPath, 'mcp', ...args]}
  const json = (value: unknown) => JSON.stringify(value, null, 2)
  switch (host) {
    case 'claude': {
      return {
        text: json({mcpServers: {groupme: server}}),
        where: `Claude Desktop: merge this into claude_desktop_config.json (Settings → Developer → Edit Config). Claude Code: run claude mcp add groupme -- ${[server.command, ...server.args].map(shellQuote).join(' ')}`,
      }
    }

    case 'cursor': {
      return {text: json({mcpServers: {groupme: server}}), where: 'Cursor: merge this into ~/.cursor/mcp.json (or .cursor/mcp.json in a project).'}
    }

    case 'vscode': {
      return {text: json({servers: {groupme: {type: 'stdio', ...server}}}), where: 'VS Code: merge this into .vscode/mcp.json (or run "MCP: Open User Configuration").'}
    }

    case 'codex': {
      const toml = ['[mcp_servers.groupme]', `command = ${JSON.stringify(server.command)}`, `args = [${server.args.map((arg) => JSON.stringify(arg)).join(', ')}]`].join('\n')
      return {text: toml, where: 'Codex: add this to ~/.codex/config.toml.'}
    }
  }
}
