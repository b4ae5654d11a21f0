/**
 * `tool`: a flow an AI agent or the actions API calls (server/modules/tools, server/mcp). How it
 * fires: the call runs it synchronously and answers with its output. What it needs beyond its
 * shape (one name per tool, an input schema that compiles) is checked with the manifest's `tools`
 * list (server/manifest/tool-checks.ts), since tool names are unique across both.
 */
import { z } from "zod";
import { toolNameSchema } from "@/server/manifest/tools.schema";
import { defineTriggerKind } from "./trigger-kind";

/**
 * A synchronous flow whose input is checked against `inputSchema` (JSON Schema 2020-12, an object)
 * before it starts, and whose output is the answer.
 */
const toolTriggerSchema = z.strictObject({
  type: z.literal("tool"),
  /** Default: the flow key. */
  name: toolNameSchema.optional(),
  /** What the agent reads to decide when to call it; default: the flow's description, else its name. */
  description: z.string().min(1).max(2000).optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  /** The flow only reads (the MCP readOnlyHint); default false. */
  readOnly: z.boolean().default(false),
  /** The flow deletes or overwrites data (the MCP destructiveHint); default false. */
  destructive: z.boolean().default(false),
  /** How long a call waits for the flow's output; past it the caller gets the execution id and the flow finishes in the background. */
  timeoutMs: z.int().min(100).max(60_000).default(30_000),
});

export const toolKind = defineTriggerKind({
  type: "tool",
  schema: toolTriggerSchema,
  label: () => "tool",
});
