/**
 * A Salesforce Outbound Message (the `salesforce-outbound` preset) past the front door. One
 * delivery carries up to 100 Notifications; each becomes its own event — routed, filtered and
 * deduplicated (by Notification Id) on its own — and the `notificationsResponse` Ack is answered
 * only once every one of them is recorded. Salesforce retries a message until it gets that Ack, so
 * a message whose Ack was lost comes again and its notifications are recorded as repeats. A message
 * that is not a well-formed envelope, or comes from another org, gets a SOAP fault with the reason
 * and starts nothing.
 *
 * What a flow gets as `$.body` for one notification, in Salesforce's own names (sObject as the
 * REST API shows records, its type under `attributes`; the SessionId is never passed on):
 *   { OrganizationId, ActionId, EnterpriseUrl, PartnerUrl,
 *     Notification: { Id, sObject: { attributes: { type: "Account" }, Id, Name, … } } }
 */
import type { VerifySpec } from "@/server/manifest/verify.schema";
import { acceptEvents, type AcceptedDelivery } from "@/server/modules/events/accept-events.repo";
import { holdEvent, recordEvent, type EventRecord } from "@/server/modules/events/events.repo";
import { flowOf } from "@/server/modules/integrations/pinned-manifest";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { routeDelivery, type EndpointRules } from "@/server/triggers/routing";
import { ACK_ENVELOPE, parseOutboundMessage, soapFault, type OutboundMessage, type OutboundNotification } from "@/server/verify/salesforce-outbound";
import { keptBody } from "./body-file";
import type { RequestDocument } from "@/server/modules/events/event-document";
import { deliveryFrom, redactHeaders } from "./delivery";
import { dedupeKeyOf, eventRecordBase, HOLD_REASONS, noteFirstVerified, recordDuplicate } from "./delivery-records";
import type { HookAnswer } from "@/server/http/hook-http";
import type { DeliveryInput } from "./delivery-input";
import { secretHeadersOfSpec, stateKeysOfSpec, verifyWithSpec } from "./verify-spec";

const PRESET = "salesforce-outbound";
const specs = new WeakMap<object, boolean>();

/** Whether an endpoint's verify block takes Salesforce Outbound Messages (worked out once per block). */
export function takesOutboundMessages(spec: VerifySpec | undefined): boolean {
  if (spec === undefined) return false;
  let found = specs.get(spec);
  if (found === undefined) {
    found = (Array.isArray(spec) ? spec : [spec]).some((rule) => "preset" in rule && rule.preset === PRESET);
    specs.set(spec, found);
  }
  return found;
}

const SOAP_TYPE = "text/xml; charset=utf-8";

function soapAnswer(status: number, body: string, headers: Record<string, string> = {}): HookAnswer {
  return { status, headers: { "Content-Type": SOAP_TYPE, "Cache-Control": "no-store", ...headers }, body };
}

/** SOAP 1.1 faults travel with HTTP 500 (or 503 to say "come back"); the reason is in faultstring. */
function fault(status: number, code: "Client" | "Server", reason: string, retryAfterSeconds?: number): HookAnswer {
  return soapAnswer(status, soapFault(code, reason), retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) });
}

/** The SessionId is a live Salesforce session: what is recorded of a refused message never keeps it. */
function withoutSessionId(rawBody: Buffer): Buffer {
  const text = rawBody.toString("utf8");
  return /<(?:\w+:)?SessionId>/.test(text) ? Buffer.from(text.replace(/(<(?:\w+:)?SessionId>)[^<]*(<\/(?:\w+:)?SessionId>)/g, "$1[redacted]$2")) : rawBody;
}

/** The document one notification's flows read. */
function notificationBody(message: OutboundMessage, notification: OutboundNotification) {
  return {
    OrganizationId: message.organizationId,
    ActionId: message.actionId,
    EnterpriseUrl: message.enterpriseUrl,
    PartnerUrl: message.partnerUrl,
    Notification: { Id: notification.id, sObject: { attributes: { type: notification.sObject.type }, ...notification.sObject.fields } },
  };
}

/** Null: the front door decides afresh (a known endpoint, or an instance that changed meanwhile). */
export async function processOutboundMessage(input: DeliveryInput, rules: EndpointRules): Promise<HookAnswer | null> {
  const { request, rawBody, endpoint, token, run, confirmed, hold, options } = input;
  if (!confirmed) return null;
  const delivery = deliveryFrom(request, rawBody, options.publicUrl);
  const headers = redactHeaders(delivery.request.headers, secretHeadersOfSpec(rules.verify));
  const kept = keptBody(withoutSessionId(rawBody), options.inlineBodyBytes);
  const base = eventRecordBase(endpoint, rules, delivery, headers, kept.body);

  if (request.method !== "POST") return fault(405, "Client", "Outbound Messages are POSTed.");
  const stateKeys = stateKeysOfSpec(rules.verify);
  const state = await instanceStateStore(endpoint.instanceId).getMany(stateKeys);
  const bare: RequestDocument = { method: request.method, headers, query: delivery.query, body: null };
  const verdict = verifyWithSpec(delivery.request, rules.verify, run.config, { now: options.now ?? (() => new Date()) }, () => bare, state);
  if (!verdict.ok && hold === "deploying" && stateKeys.some((key) => state[key] === undefined || state[key] === null)) {
    return fault(
      503,
      "Server",
      "The integration behind this endpoint is still deploying and does not know its Salesforce organization yet; retry later.",
      options.unavailableRetryAfterSeconds ?? 60,
    );
  }
  if (!verdict.ok) {
    const eventId = await recordEvent({ ...base, reason: verdict.reason + kept.note }, "rejected");
    return { ...fault(500, "Client", `Outbound message refused: ${verdict.reason} (event ${eventId}).`), verdict: "rejected" };
  }
  if (!endpoint.verifiedAt) await noteFirstVerified(endpoint);
  const parsed = parseOutboundMessage(rawBody);
  if (!parsed.ok) {
    // Another rule of the block verified it, but it is no outbound message.
    const eventId = await recordEvent({ ...base, reason: parsed.reason + kept.note }, "rejected");
    return { ...fault(500, "Client", `Outbound message refused: ${parsed.reason} (event ${eventId}).`), verdict: "rejected" };
  }

  const toAccept: AcceptedDelivery[] = [];
  for (const notification of parsed.message.notifications) {
    const body = notificationBody(parsed.message, notification);
    const document: RequestDocument = { ...bare, body };
    const routing = routeDelivery(run.manifest, endpoint.flowKey, document);
    const record: EventRecord = {
      ...base,
      body: Buffer.from(JSON.stringify(body)),
      eventType: notification.sObject.type,
      dedupeKey: dedupeKeyOf(rules, delivery, document),
    };
    if (routing.kind === "filtered") {
      await recordEvent({ ...record, reason: routing.reason }, "filtered");
      continue;
    }
    const flowKeys = routing.flows.map((flow) => flow.flowKey);
    if (hold) {
      const held = await holdEvent({ ...record, flowKeys, reason: HOLD_REASONS[hold] }, hold);
      if (held === "changed") return null;
      if (held === null) await recordDuplicate(record);
      continue;
    }
    toAccept.push({
      record: { ...record, flowKeys },
      run: { customerId: endpoint.instance.customerId, integrationVersionId: run.integrationVersionId },
      starts: routing.flows.map((flow) => ({ flowKey: flow.flowKey, input: flow.input, startAt: flowOf(run.manifest, flow.flowKey).StartAt })),
      guard: { token, instanceUpdatedAt: run.instanceUpdatedAt },
    });
  }
  // One statement: every notification's event, executions and jobs commit together.
  const results = toAccept.length > 0 ? await acceptEvents(toAccept) : [];
  // The instance changed under us: nothing of this message was written; decide it again.
  if (results.includes("stale")) return null;
  for (const [index, result] of results.entries()) {
    if (result === "duplicate") await recordDuplicate(toAccept[index]!.record);
  }
  return { ...soapAnswer(200, ACK_ENVELOPE), verdict: "accepted" };
}
