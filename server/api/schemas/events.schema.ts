import { z } from "zod";
import type { listInstanceEventsPage } from "@/server/modules/instances/instance-events.repo";
import { isoDate } from "./common.schema";
import { executionStatusSchema } from "./executions.schema";

const BODY_PREVIEW_CHARS = 10_000;

export const eventSchema = z.object({
  id: z.uuid(),
  source: z.string(),
  eventType: z.string().nullable(),
  method: z.string().nullable(),
  verdict: z.enum(["accepted", "rejected", "filtered", "duplicate", "buffered"]),
  reason: z.string().nullable().describe("Why it was rejected, filtered or buffered"),
  dedupeKey: z.string().nullable(),
  flowKeys: z.array(z.string()),
  body: z.string().nullable().describe(`The body as text, cut at ${BODY_PREVIEW_CHARS} characters`),
  receivedAt: isoDate,
  executions: z.array(z.object({ id: z.uuid(), status: executionStatusSchema, flowKey: z.string() })),
});

type Row = Awaited<ReturnType<typeof listInstanceEventsPage>>[number];

export function toEvent(row: Row): z.infer<typeof eventSchema> {
  const text = row.body ? Buffer.from(row.body).toString("utf8") : null;
  return {
    id: row.id,
    source: row.source,
    eventType: row.eventType,
    method: row.method,
    verdict: row.verdict,
    reason: row.reason,
    dedupeKey: row.dedupeKey,
    flowKeys: row.flowKeys,
    body: text && text.length > BODY_PREVIEW_CHARS ? `${text.slice(0, BODY_PREVIEW_CHARS)}…` : text,
    receivedAt: row.receivedAt.toISOString(),
    executions: row.executions,
  };
}
