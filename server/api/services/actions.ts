import type { z } from "zod";
import { AppError } from "@/server/errors";
import { findCustomer } from "@/server/modules/customers/customers.repo";
import { callTool, type ToolCallRequest } from "@/server/modules/tools/tool-calls.service";
import { listCustomerTools, type CustomerTool, type ToolTarget } from "@/server/modules/tools/customer-tools";
import type { callActionSchema, customerActionsSchema, toolSummarySchema } from "../schemas/actions.schema";

async function requireCustomer(organizationId: string, customerId: string) {
  if (!(await findCustomer(organizationId, customerId))) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "id" });
}

function summary(tool: CustomerTool, target: ToolTarget): z.input<typeof toolSummarySchema> {
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
export async function listActions(organizationId: string, customerId: string): Promise<z.input<typeof customerActionsSchema>> {
  await requireCustomer(organizationId, customerId);
  const tools = await listCustomerTools({ organizationId, customerId });
  const connections = new Map<string, z.input<typeof customerActionsSchema>["connections"][number]>();
  const flows = new Map<string, z.input<typeof customerActionsSchema>["flows"][number]>();
  for (const tool of tools) {
    for (const target of tool.targets) {
      const { definition, connection } = target;
      if (definition.kind === "flow") {
        const group = flows.get(target.instanceId) ?? { instanceId: target.instanceId, integration: target.integration, tools: [] };
        group.tools.push(summary(tool, target));
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
      group.tools.push(summary(tool, target));
      connections.set(id, group);
    }
  }
  return { connections: [...connections.values()], flows: [...flows.values()] };
}

export async function callAction(organizationId: string, customerId: string, body: z.output<typeof callActionSchema>) {
  await requireCustomer(organizationId, customerId);
  const request: ToolCallRequest = body.tool !== undefined ? { tool: body.tool } : { connector: body.connector!, action: body.action! };
  return callTool({ organizationId, customerId }, { ...request, input: body.input, ...(body.connection ? { connection: body.connection } : {}) });
}
