/**
 * `event` triggers: a flow emits an event (the platform action `switchyard.emitEvent`) and the
 * other flows of the same instance subscribed to its type start, with the payload as input.
 * The emit is idempotent on the emitting step's idempotency key, so a step re-run after a worker
 * crash does not start the subscribers twice.
 */
import { acceptEvents } from "@/server/modules/events/accept-events.repo";
import { findClaimingEvent } from "@/server/modules/events/events.repo";
import { executionConcurrency } from "@/server/modules/executions/concurrency";
import { listExecutionIdsForEvent } from "@/server/modules/executions/executions.repo";
import { executionPriority } from "@/server/modules/executions/fair-priority";
import { flowOf, pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { AppError } from "@/server/errors";
import type { EmitEventInput } from "@/server/runtime/platform-actions";
import { flowsForEventType } from "@/server/triggers/routing";

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
  const flowInput = input.payload ?? {};
  const [accepted] = await acceptEvents([
    {
      record: {
        organizationId,
        instanceId,
        endpointId: null,
        source: `flow:${input.emittedBy.flowKey}`,
        eventType: input.type,
        body: Buffer.from(JSON.stringify(input.payload ?? null)),
        dedupeKey,
        flowKeys,
      },
      run: { customerId: instance.customerId, integrationVersionId: instance.integrationVersionId },
      starts: flowKeys.map((flowKey) => {
        const flow = flowOf(manifest, flowKey);
        return {
          flowKey,
          input: flowInput,
          startAt: flow.StartAt,
          concurrency: executionConcurrency(instanceId, flow, flowInput),
          priority: executionPriority.next(instance.customerId),
        };
      }),
      trigger: "event",
    },
  ]);
  if (typeof accepted !== "string" && accepted.eventId) return { eventId: accepted.eventId, started: true, executionIds: accepted.executionIds, flowKeys };
  // The same step emitted before (its run was interrupted after committing the emit): same answer.
  const eventId = (await findClaimingEvent(instanceId, null, dedupeKey))!;
  return { eventId, started: false, executionIds: await listExecutionIdsForEvent(organizationId, eventId), flowKeys };
}
