/**
 * `event`: events emitted by other flows of the instance (`switchyard.emitEvent`,
 * server/triggers/kinds/event/emit-event.ts)
 * or routed in by a per-instance endpoint that dispatches by event type. Without `eventType` the
 * flow only runs when a subscription or dispatch route names it.
 */
import { z } from "zod";
import { short } from "./label-text";
import { defineTriggerKind } from "./trigger-kind";

export const eventKind = defineTriggerKind({
  type: "event",
  schema: z.strictObject({ type: z.literal("event"), eventType: z.string().min(1).optional() }),
  label: (_input, eventType) => (short(eventType ?? undefined) ? `event ${eventType}` : "event from another flow"),
});
