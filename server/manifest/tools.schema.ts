import { z } from "zod";

import { referenceKeySchema } from "@/server/manifest/common.schema";

/** What MCP clients accept as a tool name (the strictest of them allow 64 characters). */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const toolNameSchema = z.string().regex(TOOL_NAME_PATTERN, { error: "must be 1–64 letters, digits, _ or -, as MCP clients require of tool names" });

/**
 * A connector action the integration exposes to AI agents and the actions API, with the instance's
 * connection. `connector.*` exposes every read-only action of the connector; an action that changes
 * or deletes data is exposed only when listed by name. `parameters` are fixed: the caller cannot
 * give them, and they may read the instance's settings (`repo.$: $$.Config.repo`).
 */
export const toolSchema = z
  .strictObject({
    action: z.string().regex(/^[a-z][a-z0-9-]*\.(?:[A-Za-z][A-Za-z0-9_-]*|\*)$/, {
      error: "must be connector.action (e.g. github.createIssue), or connector.* for every read-only action of the connector",
    }),
    /** The manifest connection it runs with; optional when the manifest has one connection of that connector. */
    connection: referenceKeySchema.optional(),
    /** Default `<connector>_<action>`. */
    name: toolNameSchema.optional(),
    /** Default: the connector action's own description. */
    description: z.string().min(1).max(2000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((tool, ctx) => {
    if (!tool.action.endsWith(".*")) return;
    if (tool.name !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: "a wildcard exposes several actions, each named <connector>_<action>; list an action by name to rename it",
      });
    if (tool.parameters !== undefined) ctx.addIssue({ code: "custom", path: ["parameters"], message: "fixed parameters need one action: list it by name" });
  });

export const toolsSchema = z.array(toolSchema);
