/**
 * The MCP server at `/api/mcp`: Streamable HTTP in stateless mode, one SDK server per request (a
 * tools-only server keeps nothing between requests, so any web process can answer any request).
 * `tools/list` answers the calling customer's tools; `tools/call` runs one through the same path as
 * the actions API (server/triggers/kinds/tool/tool-calls.ts), with its execution and records.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { AppError, errorBody } from "@/server/errors";
import { logger } from "@/server/logger";
import { listCustomerTools } from "@/server/modules/tools/customer-tools";
import { callTool, type ToolCallOptions } from "@/server/triggers/kinds/tool/tool-calls";
import { authenticateMcp, type McpCaller } from "./mcp-auth";
import { mcpRefusal, mcpResult, mcpTool } from "./mcp-tools";

export const MCP_PATH = "/api/mcp";
const MAX_BODY_BYTES = 1024 * 1024;

function serverFor(caller: McpCaller, options: ToolCallOptions): Server {
  const scope = { organizationId: caller.organizationId, customerId: caller.customerId };
  const server = new Server(
    { name: "switchyard", title: "Switchyard", version: "1.0.0" },
    {
      capabilities: { tools: { listChanged: false } },
      instructions: `Tools that act in the connected apps of ${caller.customerName} (${caller.customerExternalId}). Each call is recorded in the customer's integration logs.`,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await listCustomerTools(scope)).map(mcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: args = {} } = request.params;
    // A tool several connections run takes the chosen one as its `connection` argument.
    const { connection, ...input } = args as { connection?: unknown } & Record<string, unknown>;
    try {
      return mcpResult(await callTool(scope, { tool: name, input, ...(typeof connection === "string" ? { connection } : {}) }, options));
    } catch (error) {
      if (error instanceof AppError) return mcpRefusal(error, name);
      logger().error({ err: error, component: "mcp", tool: name }, "MCP tool call failed");
      throw new McpError(ErrorCode.InternalError, "Something went wrong on our side. It has been logged.");
    }
  });
  return server;
}

function refuse(error: unknown): Response {
  const { status, body, headers } = errorBody(error);
  if (!(error instanceof AppError)) logger().error({ err: error, component: "mcp" }, "MCP request failed");
  // 401 says how to authenticate, as HTTP asks (RFC 9110 §11.6.1).
  const challenge: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer realm="switchyard"' } : {};
  return Response.json(body, { status, headers: { ...headers, ...challenge } });
}

/** The route handler's one call: authenticate, then let the SDK's transport answer the JSON-RPC request. */
export async function handleMcpRequest(request: Request, options: ToolCallOptions = {}): Promise<Response> {
  if (request.method !== "POST") {
    // Stateless: no server-initiated stream to open (GET) and no session to end (DELETE).
    return Response.json(
      { error: { code: "BAD_REQUEST", message: "This MCP server answers POST requests only (Streamable HTTP, stateless)." } },
      { status: 405, headers: { Allow: "POST" } },
    );
  }
  let caller: McpCaller;
  try {
    caller = await authenticateMcp(request);
  } catch (error) {
    return refuse(error);
  }
  const server = serverFor(caller, options);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  try {
    await server.connect(transport);
    return await transport.handleRequest(request);
  } catch (error) {
    return refuse(error);
  } finally {
    await server.close().catch(() => undefined);
  }
}
