/**
 * What every kind of delivery shares once it is past the front door: the event's source, its
 * dedupe key, recording a repeat, the reason a held delivery carries, and marking an endpoint
 * verified. Used by process-delivery.ts (one event per delivery) and outbound-messages.ts (one
 * event per Salesforce Notification).
 */
import type { VerifySpec } from "@/server/manifest/verify.schema";
import { markEndpointVerified, type DeliveryEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import { findClaimingEvent, recordEvent, type EventRecord, type HoldReason } from "@/server/modules/events/events.repo";
import { dedupeKey } from "@/server/triggers/dedupe";
import type { EndpointRules } from "@/server/triggers/routing";
import type { RequestDocument } from "@/server/modules/events/event-document";
import type { Delivery } from "./delivery";
import { defaultDedupeOfSpec } from "./verify-spec";

export function sourceOf(spec: VerifySpec | undefined): string {
  const first = Array.isArray(spec) ? spec.find((rule) => "preset" in rule) : spec;
  return first && "preset" in first ? first.preset : "webhook";
}

/** What every event recorded from a delivery carries: where it came in, its redacted headers, the body kept. */
export function eventRecordBase(
  endpoint: DeliveryEndpoint,
  rules: EndpointRules,
  delivery: Delivery,
  headers: Record<string, string>,
  body: Buffer,
): EventRecord {
  return {
    organizationId: endpoint.organizationId,
    instanceId: endpoint.instanceId,
    endpointId: endpoint.id,
    source: sourceOf(rules.verify),
    method: delivery.request.method,
    headers,
    query: delivery.query,
    body,
  };
}

/**
 * The trigger's own `dedupe` reads the request document (like `match`); a preset's default reads
 * the body; `dedupe: false` turns the preset's default off.
 */
export function dedupeKeyOf(rules: EndpointRules, delivery: Delivery, document: RequestDocument): string | null {
  if (rules.dedupe === false) return null;
  if (rules.dedupe)
    return "header" in rules.dedupe
      ? dedupeKey({ header: rules.dedupe.header }, delivery.request, null)
      : dedupeKey({ path: rules.dedupe.path }, delivery.request, document);
  const preset = defaultDedupeOfSpec(rules.verify);
  return preset ? dedupeKey(preset, delivery.request, document.body) : null;
}

/** Records a repeat of a dedupe key another event holds; answers the new event and the one it repeats. */
export async function recordDuplicate(record: EventRecord, bodyNote = ""): Promise<{ eventId: string; duplicateOf: string | null }> {
  const original = await findClaimingEvent(record.instanceId, record.endpointId, record.dedupeKey!);
  const reason = `repeat of event ${original ?? "(unknown)"} with dedupe key ${JSON.stringify(record.dedupeKey)}${bodyNote}`;
  const eventId = await recordEvent({ ...record, reason }, "duplicate");
  return { eventId, duplicateOf: original };
}

export const HOLD_REASONS: Record<HoldReason, string> = {
  paused: "instance paused; runs on resume",
  deploying: "instance deploying; runs once the deploy succeeds",
};

/**
 * The first delivery (or handshake) that passes verification makes the endpoint verified. The
 * endpoint object is the one this process caches for the token, so later deliveries skip this.
 */
export async function noteFirstVerified(endpoint: DeliveryEndpoint): Promise<void> {
  endpoint.verifiedAt = new Date();
  await markEndpointVerified(endpoint.id);
}
