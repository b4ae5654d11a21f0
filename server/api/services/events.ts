import { AppError } from "@/server/errors";
import { eventBodyBlobStart } from "@/server/modules/blobs/blobs.repo";
import { findEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import { findTriggeringEvent, listUnacceptedEventsPage } from "@/server/modules/events/events.repo";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { decodeCursor, pageOf } from "../pagination";
import { toEventDetail, UNACCEPTED_VERDICTS } from "../schemas/events.schema";
const PREVIEW_CHARS = 2_000;
/** Enough bytes for the detail's 64,000 characters of text, however many bytes each takes. */
const BODY_FILE_PREVIEW_BYTES = 256 * 1024;

export async function listRejectedDeliveries(
  organizationId: string,
  query: { instanceId: string; endpointId?: string; verdict?: (typeof UNACCEPTED_VERDICTS)[number]; cursor?: string; limit: number },
) {
  if (!(await findInstance(organizationId, query.instanceId))) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  if (query.endpointId) {
    const endpoint = await findEndpoint(organizationId, query.endpointId);
    if (!endpoint || endpoint.instanceId !== query.instanceId) throw new AppError("NOT_FOUND", "No endpoint with that id on this instance.", { field: "endpointId" });
  }
  const rows = await listUnacceptedEventsPage(organizationId, query.instanceId, {
    endpointId: query.endpointId,
    verdicts: query.verdict ? [query.verdict] : [...UNACCEPTED_VERDICTS],
    before: decodeCursor(query.cursor),
    take: query.limit + 1,
  });
  return pageOf(rows, query.limit, (r) => ({ at: r.receivedAt, id: r.id }), (row) => toEventDetail(row, PREVIEW_CHARS));
}

/** The raw event behind an execution, or null when it was not started by a delivery (manual, schedule, lifecycle). */
export async function triggeringEvent(organizationId: string, executionId: string) {
  const row = await findTriggeringEvent(organizationId, executionId);
  if (row === undefined) throw new AppError("NOT_FOUND", "No execution with that id in this organization.", { field: "id" });
  if (!row) return null;
  // A body too large for the event row was kept as a file: show its start.
  const file = row.body === null ? await eventBodyBlobStart(organizationId, row.id, BODY_FILE_PREVIEW_BYTES) : null;
  return toEventDetail(row, undefined, file);
}
