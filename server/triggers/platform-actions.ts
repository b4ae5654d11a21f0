/**
 * Actions the platform itself handles, under the reserved connector name `switchyard`:
 *
 *   Emit: { Type: Action, Action: switchyard.emitEvent, Parameters: { type: order.paid, "payload.$": "$.order" } }
 *
 * Everything else goes to the connector action invoker the process was started with.
 */
import { z } from "zod";
import { NonRetryableError } from "@/server/engine/errors";
import type { ActionInvokerFactory } from "@/server/worker/execution-task";
import { emitEvent } from "./emit-event";

export const PLATFORM_CONNECTOR = "switchyard";

const emitEventParametersSchema = z.strictObject({
  type: z.string().min(1),
  source: z.string().min(1).optional(),
  payload: z.unknown().optional(),
});

export function withPlatformActions(inner: ActionInvokerFactory): ActionInvokerFactory {
  return (store, executionId) => {
    const connectorInvoker = inner(store, executionId);
    return async (request) => {
      if (!request.action.startsWith(`${PLATFORM_CONNECTOR}.`)) return connectorInvoker(request);
      if (request.action !== `${PLATFORM_CONNECTOR}.emitEvent`) {
        throw new NonRetryableError(`unknown platform action "${request.action}"; the platform provides switchyard.emitEvent`);
      }
      const parsed = emitEventParametersSchema.safeParse(request.parameters);
      if (!parsed.success) {
        throw new NonRetryableError(`switchyard.emitEvent needs Parameters { type, payload?, source? }: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`);
      }
      const organizationId = store.organizationOf(executionId);
      const instance = request.context.Instance as { Id?: string; Flow?: string } | null;
      if (!organizationId || !instance?.Id || !instance.Flow) throw new NonRetryableError("switchyard.emitEvent ran outside an instance's execution");
      return emitEvent(organizationId, instance.Id, {
        type: parsed.data.type,
        source: parsed.data.source ?? null,
        payload: parsed.data.payload ?? {},
        emittedBy: { flowKey: instance.Flow, executionId },
        idempotencyKey: request.idempotencyKey,
      });
    };
  };
}
