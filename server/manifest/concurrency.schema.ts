import { z } from "zod";

/** The most executions of one throttled flow (per instance) that may be under way at once. */
export const MAX_THROTTLED_EXECUTIONS = 1000;

/**
 * How many executions of a flow may be under way at once, per instance:
 * - `parallel` (the default): no limit beyond the workers';
 * - `{ mode: throttled, max: N }`: at most N at a time; the others wait for their turn in arrival order;
 * - `{ mode: fifo, key?: <JSONPath> }`: one at a time in arrival order — per value of `key` in the
 *   flow's input (e.g. `$.body.ticket.id`: events of one ticket run one after another, different
 *   tickets side by side), or for the whole flow without a key.
 */
export const concurrencySchema = z.union([
  z.literal("parallel").transform(() => ({ mode: "parallel" as const })),
  z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("parallel") }),
    z.strictObject({
      mode: z.literal("throttled"),
      max: z
        .int()
        .min(1, { error: "must be at least 1" })
        .max(MAX_THROTTLED_EXECUTIONS, { error: `must be at most ${MAX_THROTTLED_EXECUTIONS}` }),
    }),
    z.strictObject({
      mode: z.literal("fifo"),
      key: z.string().min(1, { error: "must be a JSONPath into the flow's input, e.g. $.body.ticket.id" }).optional(),
    }),
  ]),
]);
