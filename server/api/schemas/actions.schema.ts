import { z } from "zod";
import type { CustomerTool, ToolTarget } from "@/server/modules/tools/customer-tools";

const jsonSchema = z.record(z.string(), z.unknown()).describe("JSON Schema 2020-12 of the input (an object)");

export const toolSummarySchema = z.object({
  name: z.string().describe("The tool's name (also its MCP name); call it with `tool`"),
  action: z.string().optional().describe("The connector action it runs, `connector.action`"),
  flowKey: z.string().optional().describe("The flow it runs, for tool flows"),
  description: z.string(),
  inputSchema: jsonSchema,
  readOnly: z.boolean().describe("It only reads"),
  destructive: z.boolean().describe("It may delete or overwrite data"),
});

const integrationRef = z.object({ key: z.string(), name: z.string() });

export const customerActionsSchema = z.object({
  connections: z.array(
    z.object({
      id: z.uuid().nullable().describe("The connection's id (pass as `connection`); null when the customer has not connected it"),
      key: z.string().describe("The integration's connection key"),
      connector: z.string(),
      accountLabel: z.string().nullable(),
      status: z.enum(["active", "broken", "missing"]),
      instanceId: z.uuid(),
      integration: integrationRef,
      tools: z.array(toolSummarySchema),
    }),
  ),
  flows: z.array(z.object({ instanceId: z.uuid(), integration: integrationRef, tools: z.array(toolSummarySchema) })),
});

export const callActionFields = z.object({
  tool: z.string().min(1).max(200).optional().describe("A tool's name, as listed; or give `connector` and `action`"),
  connector: z.string().min(1).max(100).optional().describe("Connector key: github, zendesk, slack…"),
  action: z.string().min(1).max(100).optional().describe("The connector's action, e.g. createIssue"),
  connection: z.uuid({ message: "must be a connection id (UUID)" }).optional().describe("Which connection, when the customer has several that run it"),
  input: z.record(z.string(), z.unknown()).default({}).describe("The action's or flow's parameters"),
});

/** A call names a tool, or a connector action; never both. */
export function namesOneTarget(body: { tool?: string; connector?: string; action?: string }, ctx: z.RefinementCtx): void {
  const byAction = body.connector !== undefined || body.action !== undefined;
  if (body.tool !== undefined && byAction)
    ctx.addIssue({ code: "custom", path: ["tool"], message: "give either `tool`, or `connector` and `action`, not both" });
  else if (body.tool === undefined && (body.connector === undefined || body.action === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [body.connector === undefined ? "connector" : "action"],
      message: "give `connector` and `action` (or a tool's name as `tool`)",
    });
  }
}

export const callActionSchema = callActionFields.superRefine(namesOneTarget);

export const actionResultSchema = z.union([
  z.object({ ok: z.literal(true), executionId: z.uuid(), output: z.unknown().describe("What the action or flow answered") }),
  z.object({
    ok: z.literal(false),
    executionId: z.uuid().describe("The execution with its steps and HTTP records"),
    error: z.object({
      kind: z
        .enum(["validation", "auth", "provider", "timeout", "failed", "cancelled"])
        .describe(
          "auth: the connection is missing, broken or refused; provider: the app answered an error; timeout: still running (it finishes in the background); failed: a tool flow failed",
        ),
      message: z.string(),
    }),
  }),
]);

function toToolSummary(tool: CustomerTool, target: ToolTarget): z.input<typeof toolSummarySchema> {
  const { definition } = target;
  return {
    name: tool.name,
    ...(definition.kind === "action" ? { action: `${definition.connector}.${definition.action}` } : { flowKey: definition.flowKey }),
    description: definition.description,
    inputSchema: definition.inputSchema,
    readOnly: definition.readOnly,
    destructive: definition.destructive,
  };
}

/** The customer's tools grouped by the connection they run with; tool flows by integration. */
export function toCustomerActions(tools: CustomerTool[]): z.input<typeof customerActionsSchema> {
  const connections = new Map<string, z.input<typeof customerActionsSchema>["connections"][number]>();
  const flows = new Map<string, z.input<typeof customerActionsSchema>["flows"][number]>();
  for (const tool of tools) {
    for (const target of tool.targets) {
      const { definition, connection } = target;
      if (definition.kind === "flow") {
        const group = flows.get(target.instanceId) ?? { instanceId: target.instanceId, integration: target.integration, tools: [] };
        group.tools.push(toToolSummary(tool, target));
        flows.set(target.instanceId, group);
        continue;
      }
      const id = connection?.id ?? `${target.instanceId}:${definition.connectionKey}`;
      const group = connections.get(id) ?? {
        id: connection?.id ?? null,
        key: definition.connectionKey,
        connector: definition.connector,
        accountLabel: connection?.accountLabel ?? null,
        status: connection?.status ?? "missing",
        instanceId: target.instanceId,
        integration: target.integration,
        tools: [],
      };
      group.tools.push(toToolSummary(tool, target));
      connections.set(id, group);
    }
  }
  return { connections: [...connections.values()], flows: [...flows.values()] };
}
