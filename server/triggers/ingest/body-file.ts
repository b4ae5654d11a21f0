/**
 * Bodies larger than the in-state limit (`WEBHOOK_INLINE_BODY_BYTES`): a state holds at most
 * 256 KiB, so such a body is kept as a file (a blob owned by its event, written in the
 * transaction that records the event) and the flows it starts get a reference to it in place of
 * the body: `$.body` is `{ "$blob": "<id>", "name": "body.json", "contentType", "size" }`. Steps
 * read fields from it (`files.readFields`, `files.parseJson`) or hand it on to another action.
 * The ingest itself still parses the whole body, so `match`, dispatch and dedupe paths see it all.
 */
import { createHash } from "node:crypto";
import type { BlobRef } from "@/server/connectors/framework/blobs";
import { uuidv7 } from "@/server/db/uuid";
import { insertEventBodyBlob, type EventBodyFile } from "@/server/modules/blobs/blobs.repo";
import { acceptEventWith, type AcceptedDelivery, type AcceptResult } from "@/server/modules/events/accept-events.repo";
import type { EventRecord, Tx } from "@/server/modules/events/events.repo";
import type { RoutedFlow } from "@/server/triggers/routing";
import type { RequestDocument } from "@/server/modules/events/event-document";

/** A name that says what the file holds, from the delivery's content type. */
function bodyFileName(mediaType: string): string {
  if (mediaType.includes("json")) return "body.json";
  if (mediaType.includes("xml")) return "body.xml";
  if (mediaType === "application/x-www-form-urlencoded") return "body.form";
  if (mediaType.startsWith("text/")) return "body.txt";
  return "body.bin";
}

export interface BodyFile {
  file: EventBodyFile;
  ref: BlobRef;
}

/** The body as a file and the reference flows get, when it is over the limit; null otherwise. */
export function bodyFileOf(headers: Record<string, string>, rawBody: Buffer, inlineBodyBytes: number): BodyFile | null {
  if (rawBody.length <= inlineBodyBytes) return null;
  const mediaType = (headers["content-type"] ?? "application/octet-stream").split(";")[0]!.trim().toLowerCase() || "application/octet-stream";
  const file: EventBodyFile = {
    id: uuidv7(),
    name: bodyFileName(mediaType),
    contentType: mediaType,
    sha256: createHash("sha256").update(rawBody).digest("hex"),
    data: rawBody,
  };
  return { file, ref: { $blob: file.id, name: file.name, contentType: mediaType, size: rawBody.length } };
}

/**
 * What a delivery that starts nothing keeps of a large body: the first `inlineBodyBytes` bytes,
 * and a note for its reason. Anyone who knows an endpoint's URL can send refused deliveries, so
 * they must not be able to store megabytes each.
 */
export function keptBody(rawBody: Buffer, inlineBodyBytes: number): { body: Buffer; note: string } {
  if (rawBody.length <= inlineBodyBytes) return { body: rawBody, note: "" };
  return { body: rawBody.subarray(0, inlineBodyBytes), note: ` (body of ${rawBody.length} bytes; the first ${inlineBodyBytes} kept)` };
}

/** The routed flows' inputs with the reference in place of the body (dispatch by event type hands over the body itself). */
export function referToBodyFile(flows: RoutedFlow[], document: RequestDocument, ref: BlobRef): RoutedFlow[] {
  const withRef = { ...document, body: ref };
  return flows.map((flow) => ({ flowKey: flow.flowKey, input: flow.input === document.body ? ref : withRef }));
}

/** Writes the body file for an event being recorded, in its transaction. */
export function storeBodyFile(tx: Tx, record: EventRecord, eventId: string, body: BodyFile): Promise<void> {
  return insertEventBodyBlob(tx, { organizationId: record.organizationId, instanceId: record.instanceId, eventId }, body.file);
}

/**
 * Records an accepted delivery whose body is a file: the event (claiming its dedupe key), the
 * executions and the file in one transaction (the same statement as every accepted delivery, then
 * the file). Rare and large, so not group-committed with the others.
 */
export function acceptWithBodyFile(delivery: AcceptedDelivery, body: BodyFile): Promise<AcceptResult> {
  return acceptEventWith({ ...delivery, record: { ...delivery.record, body: null } }, (tx, eventId) => storeBodyFile(tx, delivery.record, eventId, body));
}
