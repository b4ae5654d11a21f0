/**
 * Actions the platform itself handles, under the reserved connector name `switchyard`:
 *
 *   Emit: { Type: Action, Action: switchyard.emitEvent, Parameters: { type: order.paid, "payload.$": "$.order" } }
 *         `dedupeKey` (optional): an event with a key this instance already emitted starts nothing
 *         again (one execution per new file, however often a scheduled listing sees it).
 *   Read: { Type: Action, Action: switchyard.getState, Parameters: { key: hookId } }            → { value }  (null when unset)
 *   Write: { Type: Action, Action: switchyard.setState, Parameters: { key: hookId, "value.$": "$.id" } } → { key }
 *
 * State is the instance's key/value store (instance-state.repo.ts); a webhook trigger may read
 * its verify secret from it with `secret: { state: key }`.
 *
 * Everything else goes to the connector action invoker the process was started with. Emitting
 * starts the flows subscribed to the event, which is the `event` trigger kind's work: whoever creates
 * the runtime hands in that kind's `emitEvent` (server/triggers/kinds/event/emit-event.ts), so the
 * runtime does not import the triggers.
 */
import { z } from "zod";
import { NonRetryableError } from "@/server/engine/errors";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { PLATFORM_ACTION_NAMES, PLATFORM_CONNECTOR } from "@/server/manifest/platform-action-names";
import { platformCall } from "./platform-call";
import type { ActionInvoker } from "./run-states";

/** What `switchyard.emitEvent` hands on: the event, and the flow and step that emit it. */
export interface EmitEventInput {
  type: string;
  source?: string | null;
  payload: unknown;
  /** The flow that emits: it never starts itself, which would loop forever. */
  emittedBy: { flowKey: string; executionId: string };
  idempotencyKey: string;
  /**
   * The flow's own identity for the event (`sftp:/in/a.csv:<modified>`): an instance emits each key
   * once, whichever execution tries. Without one, the emitting step's idempotency key is used.
   */
  dedupeKey?: string;
}

/** Starts the flows subscribed to an emitted event and answers what it started (the action's output). */
export type EmitEvent = (organizationId: string, instanceId: string, input: EmitEventInput) => Promise<unknown>;

const emitEventParametersSchema = z.strictObject({
  type: z.string().min(1),
  source: z.string().min(1).optional(),
  payload: z.unknown().optional(),
  dedupeKey: z.string().min(1).max(1000).optional(),
});

const getStateParametersSchema = z.strictObject({ key: z.string().min(1) });
const setStateParametersSchema = z.strictObject({ key: z.string().min(1), value: z.unknown() });

const PLATFORM_ACTIONS: string[] = PLATFORM_ACTION_NAMES.map((name) => `${PLATFORM_CONNECTOR}.${name}`);

function parametersOf<T>(schema: z.ZodType<T>, action: string, shape: string, parameters: unknown): T {
  const parsed = schema.safeParse(parameters);
  if (!parsed.success) throw new NonRetryableError(`${action} needs Parameters ${shape}: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`);
  return parsed.data;
}

export function withPlatformActions(inner: ActionInvoker, emitEvent: EmitEvent): ActionInvoker {
  return (run) => {
    const connectorInvoker = inner(run);
    return async (request) => {
      if (!request.action.startsWith(`${PLATFORM_CONNECTOR}.`)) return connectorInvoker(request);
      // Every platform action is the database's work: an outage stops the step, it does not fail the flow.
      return platformCall(() => runPlatformAction(request));
    };
    async function runPlatformAction(request: InvokeActionRequest): Promise<unknown> {
      if (!PLATFORM_ACTIONS.includes(request.action)) {
        throw new NonRetryableError(`unknown platform action "${request.action}"; the platform provides ${PLATFORM_ACTIONS.join(", ")}`);
      }
      const organizationId = run.organizationId;
      const executionId = run.executionId;
      const instance = request.context.Instance as { Id?: string; Flow?: string } | null;
      if (!organizationId || !instance?.Id || !instance.Flow) throw new NonRetryableError(`${request.action} ran outside an instance's execution`);
      if (request.action === `${PLATFORM_CONNECTOR}.getState`) {
        const { key } = parametersOf(getStateParametersSchema, request.action, "{ key }", request.parameters);
        const value = await instanceStateStore(instance.Id).get(key);
        return { value: value ?? null };
      }
      if (request.action === `${PLATFORM_CONNECTOR}.setState`) {
        const { key, value } = parametersOf(setStateParametersSchema, request.action, "{ key, value }", request.parameters);
        await instanceStateStore(instance.Id).set(key, value ?? null);
        return { key };
      }
      const parsed = parametersOf(emitEventParametersSchema, request.action, "{ type, payload?, source?, dedupeKey? }", request.parameters);
      return emitEvent(organizationId, instance.Id, {
        type: parsed.type,
        source: parsed.source ?? null,
        payload: parsed.payload ?? {},
        emittedBy: { flowKey: instance.Flow, executionId },
        idempotencyKey: request.idempotencyKey,
        ...(parsed.dedupeKey !== undefined ? { dedupeKey: parsed.dedupeKey } : {}),
      });
    }
  };
}
