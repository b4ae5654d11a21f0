/**
 * Runs one tool call for a customer: the per-customer rate limit, the tool and connection
 * resolved, the input checked, then an execution recorded (trigger `action` for a connector
 * action, `tool` for a flow) and run inline in this process the way synchronous webhook flows are
 * (server/runtime/sync-run.ts), so its steps and HTTP records land in the logs like any flow's.
 * Past the timeout the caller gets the execution id and a worker finishes the run.
 */
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import { toolCallRateLimit } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { flowOf } from "@/server/modules/integrations/pinned-manifest";
import { runSynchronously } from "@/server/runtime/sync-run";
import { listCustomerTools, type CustomerTool, type ToolTarget } from "@/server/modules/tools/customer-tools";
import { checkedInput } from "@/server/modules/tools/tool-input";
import { classifyFailure, type ToolCallResult } from "@/server/modules/tools/tool-outcome";
import { toolRuntime, withFailedStatus } from "./tool-runtime";
import { insertToolExecution, takeToolCallToken } from "@/server/modules/tools/tools.repo";

export type ToolCallRequest = { input?: unknown; connection?: string } & ({ tool: string } | { connector: string; action: string });

export interface ToolCallOptions {
  rateLimit?: { perSecond: number; burst: number };
  /** How long a connector action may take before the caller gets the execution id instead (default 30 s). */
  actionTimeoutMs?: number;
  registry?: ConnectorRegistry;
}

type Scope = { organizationId: string; customerId: string };

const DEFAULT_ACTION_TIMEOUT_MS = 30_000;

async function takeToken(scope: Scope, limit: { perSecond: number; burst: number }): Promise<void> {
  const taken = await takeToolCallToken(scope, limit);
  if (!taken) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "id" });
  if (taken.available >= 1) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - taken.available) / limit.perSecond));
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `This customer made more than ${limit.burst} tool calls in a burst (${limit.perSecond} per second on average); try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}

function names(tools: CustomerTool[]): string {
  return tools.map((t) => t.name).join(", ") || "none";
}

/** The one way of running this call: the tool named (or exposing connector.action), on the connection named or the only one. */
function pickTarget(tools: CustomerTool[], request: ToolCallRequest): { tool: CustomerTool; target: ToolTarget } {
  let candidates: Array<{ tool: CustomerTool; target: ToolTarget }>;
  let what: string;
  if ("tool" in request) {
    const tool = tools.find((t) => t.name === request.tool);
    if (!tool) throw new AppError("NOT_FOUND", `This customer has no tool named "${request.tool}". Its tools: ${names(tools)}.`, { field: "tool" });
    candidates = tool.targets.map((target) => ({ tool, target }));
    what = tool.name;
  } else {
    const action = `${request.connector}.${request.action}`;
    candidates = tools.filter((t) => t.action === action).flatMap((tool) => tool.targets.map((target) => ({ tool, target })));
    if (candidates.length === 0) {
      throw new AppError("NOT_FOUND", `${action} is not exposed to this customer by any of its active integrations. Its tools: ${names(tools)}.`, {
        field: "action",
      });
    }
    what = action;
  }
  if (request.connection !== undefined) {
    const chosen = candidates.find((c) => c.target.connection?.id === request.connection);
    if (!chosen)
      throw new AppError("NOT_FOUND", `None of this customer's connections that run ${what} has the id ${request.connection}.`, { field: "connection" });
    return chosen;
  }
  if (candidates.length > 1) {
    const listed = candidates.map(
      (c) => `${c.target.connection?.id ?? "not connected"} (${c.target.connection?.accountLabel ?? c.target.definition.name}, ${c.target.integration.name})`,
    );
    throw new AppError("CONFLICT", `This customer has ${candidates.length} connections that run ${what}; say which in \`connection\`: ${listed.join("; ")}.`, {
      field: "connection",
    });
  }
  return candidates[0];
}

export async function callTool(scope: Scope, request: ToolCallRequest, options: ToolCallOptions = {}): Promise<ToolCallResult> {
  await takeToken(scope, options.rateLimit ?? toolCallRateLimit());
  const registry = options.registry ?? connectorRegistry;
  const { tool, target } = pickTarget(await listCustomerTools(scope, registry), request);
  const { definition } = target;
  const input = checkedInput(tool.name, definition, request.input, target.settings, registry);
  const timeoutMs = definition.kind === "flow" ? definition.timeoutMs : (options.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS);
  const execution = await insertToolExecution(
    {
      organizationId: scope.organizationId,
      customerId: scope.customerId,
      instanceId: target.instanceId,
      integrationVersionId: target.integrationVersionId,
      flowKey: definition.flowKey,
      trigger: definition.kind === "action" ? "action" : "tool",
      input: input as never,
      startAt: flowOf(target.manifest, definition.flowKey).StartAt,
    },
    timeoutMs,
  );
  const { result: outcome, failedStatus } = await withFailedStatus(execution.id, () =>
    runSynchronously(scope.organizationId, execution.id, {
      timeoutMs,
      runtime: toolRuntime(),
      onError: (error) => logger().error({ component: "tools", executionId: execution.id, err: (error as Error).message }, "tool call run failed"),
    }),
  );
  if (outcome.kind === "timeout") {
    return {
      ok: false,
      executionId: execution.id,
      error: {
        kind: "timeout",
        message: `${tool.name} did not finish within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; it goes on in the background as execution ${execution.id}.`,
      },
    };
  }
  if (outcome.status === "succeeded") return { ok: true, executionId: execution.id, output: outcome.output ?? null };
  if (outcome.status === "cancelled") return { ok: false, executionId: execution.id, error: { kind: "cancelled", message: `${tool.name} was cancelled.` } };
  return {
    ok: false,
    executionId: execution.id,
    error: classifyFailure(outcome.error, definition.kind, definition.kind === "action" ? failedStatus : undefined),
  };
}
