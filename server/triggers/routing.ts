/**
 * Which flows an event starts, and with what input.
 * - A per-flow endpoint feeds its flow the request document `{ method, headers, query, body }`,
 *   after the trigger's `match`.
 * - A per-instance endpoint dispatches: `{ flow, when }` routes (first match wins; the flow gets
 *   the request document), an event type read from the body (`eventTypePath`; the flows get the
 *   body itself, as ZIS flows read `$.input…`), or a `preprocess` flow that receives every request.
 * - Emitted events and event types go to `event` triggers with that `eventType` and to
 *   `subscriptions` (plain `eventType`, or ZIS `event_source` + `event_type`).
 */
import { JSONPath } from "jsonpath-plus";
import type { Flow, Manifest } from "@/server/manifest/manifest.schema";
import type { DedupeSpec, VerifySpec } from "@/server/manifest/verify.schema";
import { evaluateMatch } from "./match";

export interface RoutedFlow {
  flowKey: string;
  input: unknown;
}

export type Routing = { kind: "start"; flows: RoutedFlow[]; eventType: string | null } | { kind: "filtered"; reason: string; eventType: string | null };

/** What an endpoint verifies and dedupes on, and whether its flow answers synchronously. */
export interface EndpointRules {
  verify?: VerifySpec;
  dedupe?: DedupeSpec;
  sync?: { timeoutMs: number };
}

export class StaleEndpointError extends Error {}

function webhookFlow(manifest: Manifest, flowKey: string): Flow & { trigger: { type: "webhook" } } {
  const flow = manifest.flows.find((candidate) => candidate.key === flowKey);
  if (flow?.trigger.type !== "webhook") {
    throw new StaleEndpointError(`this endpoint fed the webhook flow "${flowKey}", which the instance's integration version no longer has`);
  }
  return flow as Flow & { trigger: { type: "webhook" } };
}

export function endpointRules(manifest: Manifest, flowKey: string | null): EndpointRules {
  if (flowKey !== null) {
    const { trigger } = webhookFlow(manifest, flowKey);
    return { verify: trigger.verify, dedupe: trigger.dedupe, sync: trigger.sync };
  }
  if (manifest.endpoints?.mode !== "per-instance") {
    throw new StaleEndpointError("this endpoint dispatched for the whole instance, but the integration version now gives each flow its own endpoint");
  }
  return { verify: manifest.endpoints.verify, dedupe: manifest.endpoints.dedupe };
}

/** Whether a single routed flow answers the caller synchronously, and with which timeout. */
export function syncOf(manifest: Manifest, flows: RoutedFlow[]): { timeoutMs: number } | undefined {
  if (flows.length !== 1) return undefined;
  const trigger = manifest.flows.find((flow) => flow.key === flows[0].flowKey)?.trigger;
  return trigger?.type === "webhook" ? trigger.sync : undefined;
}

function firstValue(path: string, json: unknown): string | null {
  if (json === null || typeof json !== "object") return null;
  const [value] = JSONPath({ path, json: json as object, eval: "safe", ignoreEvalErrors: true, wrap: true }) as unknown[];
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/** Flows started by an event of this type (and source, for ZIS-style subscriptions). */
export function flowsForEventType(manifest: Manifest, eventType: string, eventSource: string | null): string[] {
  const keys = new Set<string>();
  for (const flow of manifest.flows) {
    if (flow.trigger.type === "event" && flow.trigger.eventType === eventType) keys.add(flow.key);
  }
  for (const subscription of manifest.subscriptions ?? []) {
    if (subscription.eventType !== undefined) {
      if (subscription.eventType === eventType) keys.add(subscription.flow);
    } else if (subscription.event_type === eventType && (eventSource === null || subscription.event_source === eventSource)) {
      keys.add(subscription.flow);
    }
  }
  return [...keys];
}

export function routeDelivery(manifest: Manifest, flowKey: string | null, document: { body: unknown }): Routing {
  if (flowKey !== null) {
    const { trigger } = webhookFlow(manifest, flowKey);
    const match = trigger.match ? evaluateMatch(trigger.match, document) : { matched: true };
    if (!match.matched) return { kind: "filtered", reason: `match filter: ${match.failed}`, eventType: null };
    return { kind: "start", flows: [{ flowKey, input: document }], eventType: null };
  }
  if (manifest.endpoints?.mode !== "per-instance") throw new StaleEndpointError("this endpoint no longer dispatches");
  const dispatch = manifest.endpoints.dispatch;
  if (Array.isArray(dispatch)) {
    const route = dispatch.find((candidate) => evaluateMatch(candidate.when, document).matched);
    if (!route) return { kind: "filtered", reason: "no dispatch route matched the event", eventType: null };
    return { kind: "start", flows: [{ flowKey: route.flow, input: document }], eventType: null };
  }
  if ("preprocess" in dispatch) return { kind: "start", flows: [{ flowKey: dispatch.preprocess, input: document }], eventType: null };
  const eventType = firstValue(dispatch.eventTypePath, document.body);
  if (eventType === null) return { kind: "filtered", reason: `no event type at ${dispatch.eventTypePath}`, eventType: null };
  const eventSource = dispatch.eventSourcePath ? firstValue(dispatch.eventSourcePath, document.body) : null;
  const flows = flowsForEventType(manifest, eventType, eventSource);
  if (flows.length === 0) {
    const named = eventSource === null ? `"${eventType}"` : `"${eventType}" from "${eventSource}"`;
    return { kind: "filtered", reason: `no flow subscribes to event type ${named}`, eventType };
  }
  return { kind: "start", flows: flows.map((key) => ({ flowKey: key, input: document.body })), eventType };
}
