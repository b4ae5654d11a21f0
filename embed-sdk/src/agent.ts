/**
 * `@switchyard/embed/agent`: hand a customer's tools to an AI agent. The agent talks to the
 * Switchyard MCP server (`<url>/api/mcp`, Streamable HTTP) with a token your backend signed for
 * that customer with an embed key and `scope: "mcp"` (see README, "Tokens for AI agents"). These
 * helpers build what MCP clients take; they never see your embed key.
 */
import { readJwtExpiry } from "./jwt.js";
import { parseServerUrl } from "./frame-url.js";

/** The entry MCP clients take in their server list (`mcpServers`), or pass to their HTTP transport. */
export interface McpServerConfig {
  type: "http";
  url: string;
  headers: Record<string, string>;
}

/** `<url>/api/mcp`; a path prefix such as `/switchyard` is kept. */
export function mcpUrl(url: string): string {
  return `${parseServerUrl(url).base}/api/mcp`;
}

/** For an agent acting for one customer: the customer token your backend signed (claim `scope: "mcp"`). */
export function mcpServerConfig(options: { url: string; token: string }): McpServerConfig {
  if (options.token?.split(".").length !== 3) throw new Error("Switchyard: mcpServerConfig needs the JWT your backend signed for the customer");
  return { type: "http", url: mcpUrl(options.url), headers: { Authorization: `Bearer ${options.token}` } };
}

/**
 * For an agent your backend runs with an API key, on behalf of one customer (its external id).
 * Server-side only: an API key reaches every customer of your organization.
 */
export function mcpServerConfigWithApiKey(options: { url: string; apiKey: string; customer: string }): McpServerConfig {
  if (!options.apiKey.startsWith("sy_live_")) throw new Error("Switchyard: API keys start with sy_live_");
  if (!options.customer) throw new Error("Switchyard: name the customer the agent acts for (its external id)");
  return { type: "http", url: mcpUrl(options.url), headers: { Authorization: `Bearer ${options.apiKey}`, "X-Switchyard-Customer": options.customer } };
}

/** When the token stops being accepted (ms since the epoch), read without verifying, so an agent can ask for a new one in time. */
export function tokenExpiresAt(token: string): number | undefined {
  return readJwtExpiry(token);
}
