import { requireCustomer } from "@/server/modules/customers/customers.service";
import { callTool, type ToolCallRequest } from "@/server/triggers/kinds/tool/tool-calls";
import { listCustomerTools } from "@/server/modules/tools/customer-tools";
import { idParams } from "../schemas/common.schema";
import { actionResultSchema, callActionSchema, customerActionsSchema, toCustomerActions } from "../schemas/actions.schema";
import { defineOperation } from "../operation";

const tag = "Actions";

export const actionOperations = {
  list: defineOperation({
    id: "listActions",
    method: "GET",
    path: "/api/v1/customers/{id}/actions",
    tag,
    summary: "List what this customer can run: connector actions grouped by connection, and tool flows, each with its JSON Schema input",
    description:
      "Only what the customer's active integrations expose (their manifest `tools` and flows with a `tool` trigger). " +
      "The names are the customer's MCP tool names.",
    params: idParams,
    response: customerActionsSchema,
    run: async ({ organizationId, params }) => {
      await requireCustomer(organizationId, params.id);
      return toCustomerActions(await listCustomerTools({ organizationId, customerId: params.id }));
    },
  }),

  run: defineOperation({
    id: "callAction",
    method: "POST",
    path: "/api/v1/customers/{id}/actions",
    tag,
    summary: "Run one connector action (or tool flow) with this customer's connection and answer its output",
    description:
      "Give `connector` and `action` (with `connection` when the customer has several connections that run it), or a listed tool's name as `tool`. " +
      "Invalid input is refused with 400 naming the field, before anything runs; past the customer's rate limit, 429 with Retry-After. " +
      "Every call that runs is recorded as an execution (trigger `action`, or `tool` for a flow) with its steps and HTTP records; " +
      "it answers `ok: true` with the output, or `ok: false` with an error of kind validation, auth, provider, timeout, failed or cancelled.",
    params: idParams,
    body: callActionSchema,
    response: actionResultSchema,
    run: async ({ organizationId, params, body }) => {
      await requireCustomer(organizationId, params.id);
      const target: ToolCallRequest = body.tool !== undefined ? { tool: body.tool } : { connector: body.connector!, action: body.action! };
      return callTool({ organizationId, customerId: params.id }, { ...target, input: body.input, ...(body.connection ? { connection: body.connection } : {}) });
    },
  }),
};
