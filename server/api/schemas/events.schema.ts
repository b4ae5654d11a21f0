import { z } from "zod";
import type { EventVerdict } from "@/server/db/generated/enums";
import type { findTriggeringEvent } from "@/server/modules/events/events.repo";
import { bodyFileText, bodyText, redactHeadersForDisplay } from "@/server/modules/events/event-view";
import type { listInstanceEventsPage } from "@/server/modules/instances/instance-events.repo";
import { isoDate } from "./common.schema";
import { executionStatusSchema } from "./executions.schema";

const BODY_PREVIEW_CHARS = 10_000;

/** Every verdict an event can have (server/triggers/README.md, "Verdicts"). */
const verdictSchema = z.enum(["accepted", "rejected", "filtered", "duplicate", "buffered", "dropped"]);

export const eventSchema = z.object({
  id: z.uuid(),
  source: z.string(),
  eventType: z.string().nullable(),
  method: z.string().nullable(),
  verdict: verdictSchema,
  reason: z.string().nullable().describe("Why it was rejected, filtered, held (buffered) or dropped"),
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

const RAW_BODY_CHARS = 64_000;

/**
 * Deliveries that started nothing; `filtered`, `duplicate` and `dropped` (held during a deploy that
 * failed) ones are there too, since support asks "why did my webhook do nothing?".
 */
export const UNACCEPTED_VERDICTS = ["rejected", "filtered", "duplicate", "dropped"] as const satisfies readonly EventVerdict[];

/** Which of an instance's deliveries that started nothing to list: one endpoint's, one verdict. */
export const rejectedDeliveriesFilterSchema = z.object({
  endpointId: z.uuid().optional().describe("Only deliveries to this endpoint of the instance"),
  verdict: z.enum(UNACCEPTED_VERDICTS).optional().describe("Only this verdict; all of them when absent"),
});

/** One delivery with its headers (secrets redacted) and body, for support reading what arrived. */
export const eventDetailSchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid().nullable(),
  flowKey: z.string().nullable().describe("The flow of the endpoint it arrived on; null for an instance-wide endpoint"),
  source: z.string(),
  eventType: z.string().nullable(),
  method: z.string().nullable(),
  verdict: verdictSchema,
  reason: z.string().nullable(),
  dedupeKey: z.string().nullable(),
  headers: z.record(z.string(), z.string()).describe("Secret headers (signatures, credentials) show as [redacted]"),
  query: z.record(z.string(), z.string()).nullable(),
  body: z.string().nullable().describe(`The body as text, cut at ${RAW_BODY_CHARS} characters`),
  bodyBytes: z.number().int(),
  bodyTruncated: z.boolean(),
  bodyStoredAsFile: z.boolean().describe("The body was larger than WEBHOOK_INLINE_BODY_BYTES: kept as a file, and flows got a reference to it"),
  receivedAt: isoDate,
});

type DetailRow = NonNullable<Awaited<ReturnType<typeof findTriggeringEvent>>>;

/** `file`: the start of the body when it was kept as a file (the row's `body` is empty then). */
export function toEventDetail(row: DetailRow, bodyLimit = RAW_BODY_CHARS, file?: { start: Buffer; size: number } | null): z.infer<typeof eventDetailSchema> {
  const body = file ? bodyFileText(file.start, file.size, bodyLimit) : bodyText(row.body, bodyLimit);
  return {
    id: row.id,
    endpointId: row.endpointId,
    flowKey: row.endpoint?.flowKey ?? null,
    source: row.source,
    eventType: row.eventType,
    method: row.method,
    verdict: row.verdict,
    reason: row.reason,
    dedupeKey: row.dedupeKey,
    headers: redactHeadersForDisplay(row.headers),
    query: row.query && typeof row.query === "object" && !Array.isArray(row.query) ? (row.query as Record<string, string>) : null,
    body: body.text,
    bodyBytes: body.bytes,
    bodyTruncated: body.truncated,
    bodyStoredAsFile: Boolean(file),
    receivedAt: row.receivedAt.toISOString(),
  };
}
