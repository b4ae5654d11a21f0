/**
 * The customer's tools as MCP describes them, and tool-call results as MCP answers them. Errors of
 * a call that ran (or was refused for its input) are tool errors (`isError`), which the model reads
 * and can correct; an unknown tool is a protocol error, as the specification asks.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { AppError } from "@/server/errors";
import type { CustomerTool } from "@/server/modules/tools/customer-tools";
import type { ToolCallResult } from "@/server/modules/tools/tool-outcome";

export function mcpTool(tool: CustomerTool): Tool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool["inputSchema"],
    annotations: {
      readOnlyHint: tool.readOnly,
      destructiveHint: tool.destructive,
      idempotentHint: tool.readOnly,
      // Connector actions reach the customer's apps; a tool flow may too.
      openWorldHint: true,
    },
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null, null, 2);
}

export function mcpResult(result: ToolCallResult): CallToolResult {
  if (result.ok) {
    const output = result.output;
    const structured = output !== null && typeof output === "object" && !Array.isArray(output) ? (output as Record<string, unknown>) : undefined;
    return {
      content: [{ type: "text", text: text(output) }],
      ...(structured ? { structuredContent: structured } : {}),
      _meta: { executionId: result.executionId },
    };
  }
  return {
    isError: true,
    content: [{ type: "text", text: `${result.error.kind} error: ${result.error.message} (execution ${result.executionId})` }],
    _meta: { executionId: result.executionId, errorKind: result.error.kind },
  };
}

/** A call refused before it ran: bad input, a connection to choose, the rate limit. */
export function mcpRefusal(error: AppError, toolName: string): CallToolResult {
  if (error.code === "NOT_FOUND" && error.details.field === "tool") throw new McpError(ErrorCode.InvalidParams, error.message);
  const kind = error.code === "TOO_MANY_REQUESTS" ? "rate_limited" : error.code === "BAD_REQUEST" ? "validation" : "refused";
  return { isError: true, content: [{ type: "text", text: `${kind} error: ${error.message}` }], _meta: { errorKind: kind, tool: toolName } };
}
