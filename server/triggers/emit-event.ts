/**
 * `event` triggers: a flow emits an event (the platform action `switchyard.emitEvent`) and the
 * other flows of the same instance subscribed to its type start, with the payload as input.
 * The emit is idempotent on the emitting step's idempotency key, so a step re-run after a worker
 * crash does not start the subscribers twice.
 */
import { startExecution } from "@/server/modules/executions/executions.service";
import { listExecutionIdsForEvent } from "@/server/modules/executions/executions.repo";
import { flowOf, pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { claimEvent, findClaimingEvent } from "@/server/modules/events/events.repo";
import { AppError } from "@/server/errors";
import { flowsForEventType } from "./routing";

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

export interface EmitEventResult {
  eventId: string;
  /** False when the dedupe key had been emitted before: nothing new was started. */
  started: boolean;
  executionIds: string[];
  /** Subscribed flows; empty when nobody listens (the event is still recorded). */
  flowKeys: string[];
}

export async function emitEvent(organizationId: string, instanceId: string, input: EmitEventInput): Promise<EmitEventResult> {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  flowOf(manifest, input.emittedBy.flowKey);
  const flowKeys = flowsForEventType(manifest, input.type, input.source ?? null).filter((key) => key !== input.emittedBy.flowKey);
  const dedupeKey = input.dedupeKey !== undefined ? `emit-key:${input.dedupeKey}` : `emit:${input.idempotencyKey}`;
  const claimed = await claimEvent(
    {
      organizationId,
      instanceId,
      endpointId: null,
      source: `flow:${input.emittedBy.flowKey}`,
      eventType: input.type,
      body: Buffer.from(JSON.stringify(input.payload ?? null)),
      dedupeKey,
      flowKeys,
    },
    "accepted",
    async (tx, eventId) => {
      const ids: string[] = [];
      for (const flowKey of flowKeys) {
        const execution = await startExecution(organizationId, { instanceId, flowKey, input: input.payload ?? {}, trigger: "event", eventId }, tx);
        ids.push(execution.id);
      }
      return ids;
    },
  );
  if (claimed) return { eventId: claimed.eventId, started: true, executionIds: claimed.result, flowKeys };
  // The same step emitted before (its run was interrupted after committing the emit): same answer.
  const eventId = (await findClaimingEvent(instanceId, null, dedupeKey))!;
  return { eventId, started: false, executionIds: await listExecutionIdsForEvent(organizationId, eventId), flowKeys };
}
