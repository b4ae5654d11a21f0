import { z } from "zod";

import { eventMatchSchema } from "@/server/engine/definition.schema";
import { referenceKeySchema } from "@/server/manifest/common.schema";
import { dedupeSchema, verifySchema } from "@/server/manifest/verify.schema";

/** Send the event to `flow` when every JSONPath in `when` matches (first matching route wins). */
const dispatchRouteSchema = z.strictObject({ flow: referenceKeySchema, when: eventMatchSchema });

/**
 * How a per-instance endpoint picks flows for an event:
 * - a list of routes, tried in order;
 * - `eventTypePath` (and optionally `eventSourcePath`): the value there is the event type, delivered
 *   to `event` triggers with that `eventType` and to matching `subscriptions`;
 * - `preprocess`: a flow that receives every event and whose output names the flow to run.
 */
const dispatchSchema = z.union([
  z.array(dispatchRouteSchema).min(1, { error: "list at least one route" }),
  z.strictObject({ eventTypePath: z.string().min(1), eventSourcePath: z.string().min(1).optional() }),
  z.strictObject({ preprocess: referenceKeySchema }),
]);

/**
 * `per-flow` (default): every webhook flow gets its own URL and verifies/filters on its own.
 * `per-instance`: one URL per instance (what providers that allow a single webhook URL need),
 * verified once here, then dispatched.
 */
export const endpointsSchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("per-flow") }),
  z.strictObject({
    mode: z.literal("per-instance"),
    verify: verifySchema.optional(),
    dedupe: dedupeSchema.optional(),
    dispatch: dispatchSchema,
  }),
]);

/**
 * JobSpec-like routing of event types to flows. `eventType` is the plain form; `event_source` +
 * `event_type` keep the ZIS vocabulary (e.g. support / ticket.TicketCreated).
 */
export const subscriptionSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    eventType: z.string().min(1).optional(),
    event_source: z.string().min(1).optional(),
    event_type: z.string().min(1).optional(),
    flow: referenceKeySchema,
  })
  .superRefine((subscription, ctx) => {
    const plain = subscription.eventType !== undefined;
    const zis = subscription.event_source !== undefined || subscription.event_type !== undefined;
    if (plain === zis) {
      ctx.addIssue({ code: "custom", message: "give either `eventType` or `event_source` + `event_type`" });
    } else if (zis && (subscription.event_source === undefined || subscription.event_type === undefined)) {
      const missing = subscription.event_source === undefined ? "event_source" : "event_type";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `\`${missing}\` is required with \`${missing === "event_source" ? "event_type" : "event_source"}\``,
      });
    }
  });
