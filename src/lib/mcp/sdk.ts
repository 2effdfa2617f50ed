/**
 * What `groupme mcp` takes from the MCP SDK and zod, in one module: the bundle builds it into a
 * chunk of its own (dist/mcp-sdk.cjs, scripts/bundle.js) that only `groupme mcp` loads, with
 * `await import('./sdk.js')`, so no other command reads or compiles it.
 */
export {CLIENT_CAPABILITIES_META_KEY, inputRequired, inputResponse, McpServer} from '@modelcontextprotocol/server'
export {StdioServerTransport, serveStdio} from '@modelcontextprotocol/server/stdio'
export {z} from 'zod'
