/**
 * A delivery past the front door: verify → (challenge) → route/match → dedupe key → one
 * transaction recording the event and starting its executions → answer. Every outcome that is
 * not a handshake is recorded as an event with its verdict.
 */
import { isAppError } from "@/server/errors";
import { groupCommit } from "@/server/db/group-commit";
import { logger } from "@/server/logger";
import type { VerifySpec } from "@/server/manifest/trigger.schema";
import type { DeliveryEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import { acceptEvents, claimEvent, findClaimingEvent, recordEvent, type EventRecord } from "@/server/modules/events/events.repo";
import { flowOf } from "@/server/modules/integrations/pinned-manifest";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import type { DeliveryRunContext } from "@/server/modules/instances/instances.service";
import { dedupeKey } from "@/server/triggers/dedupe";
import { endpointRules, routeDelivery, StaleEndpointError, syncOf, type EndpointRules, type RoutedFlow } from "@/server/triggers/routing";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { deliveryFrom, redactHeaders, requestDocument, type Delivery, type RequestDocument } from "./delivery";
import type { HookAnswer, HookRequest } from "./hook-http";
import type { IngestOptions } from "./options";
import { answer, challengeResponse, refuse } from "./responses";
import { responseFromOutput, runSynchronously } from "@/server/runtime/sync-run";
import { defaultDedupeOfSpec, secretHeadersOfSpec, stateKeysOfSpec, verifyWithSpec } from "./verify-spec";


export interface DeliveryInput {
  request: HookRequest;
  rawBody: Buffer;
  endpoint: DeliveryEndpoint;
  /** The token the delivery came to and the run context it is verified and routed with. */
  token: string;
  run: DeliveryRunContext;
  /**
   * False for an endpoint known from an earlier delivery (handle-hook.ts): then only acceptance,
   * a repeat or "no flow wants this" is answered here, and everything else (a failed check, a
   * handshake, a changed instance) returns null for the front door to decide afresh.
   */
  confirmed: boolean;
  /** Paused with buffering on: record as buffered, run on resume. */
  paused: boolean;
  options: IngestOptions;
}

function sourceOf(spec: VerifySpec | undefined): string {
  const first = Array.isArray(spec) ? spec.find((rule) => "preset" in rule) : spec;
  return first && "preset" in first ? first.preset : "webhook";
}

/** The trigger's own `dedupe` reads the request document (like `match`); a preset's default reads the body. */
function dedupeKeyOf(rules: EndpointRules, delivery: Delivery, document: RequestDocument): string | null {
  if (rules.dedupe) return "header" in rules.dedupe ? dedupeKey({ header: rules.dedupe.header }, delivery.request, null) : dedupeKey({ path: rules.dedupe.path }, delivery.request, document);
  const preset = defaultDedupeOfSpec(rules.verify);
  return preset ? dedupeKey(preset, delivery.request, document.body) : null;
}

/**
 * Accepted deliveries are group-committed: concurrent deliveries (of any endpoints) go to the
 * database together in one statement, and each is answered only after that statement returned.
 * A failed batch is retried one delivery at a time, unless the database is unreachable (then a
 * lost commit could have succeeded, and the deliveries answer 503 for the provider to retry).
 * Another statement starts beside a running one only for a batch of 32 or more: at 64
 * connections that gave ~20 deliveries per commit instead of ~6 with four statements in flight
 * whatever their size, and both fewer CPU seconds per delivery and more deliveries per second
 * (bench:ingest).
 */
const acceptDelivery = groupCommit(acceptEvents, { maxBatch: 64, maxInFlight: 3, minBatchWhileBusy: 32, retryAlone: (error) => !isDatabaseUnavailable(error) });

/**
 * The event and its executions on the instance's pinned version, committed together. A flow this
 * process runs inline (`inlineMs`: a synchronous flow's timeout) has its job due only after it.
 */
function startFlows(endpoint: DeliveryEndpoint, token: string, run: DeliveryRunContext, flows: RoutedFlow[], record: EventRecord, inlineMs = 0) {
  const starts = flows.map((flow) => ({ flowKey: flow.flowKey, input: flow.input, startAt: flowOf(run.manifest, flow.flowKey).StartAt, firstRunAfterMs: inlineMs }));
  return acceptDelivery({
    record,
    run: { customerId: endpoint.instance.customerId, integrationVersionId: run.integrationVersionId },
    starts,
    guard: { token, instanceUpdatedAt: run.instanceUpdatedAt },
  });
}

async function duplicateOf(record: EventRecord): Promise<HookAnswer> {
  const original = await findClaimingEvent(record.instanceId, record.endpointId, record.dedupeKey!);
  const reason = `repeat of event ${original ?? "(unknown)"} with dedupe key ${JSON.stringify(record.dedupeKey)}`;
  const eventId = await recordEvent({ ...record, reason }, "duplicate");
  return answer(200, { status: "duplicate", eventId, duplicateOf: original });
}

export async function processDelivery({ request, rawBody, endpoint, token, run, confirmed, paused, options }: DeliveryInput): Promise<HookAnswer | null> {
  const organizationId = endpoint.organizationId;
  let rules: EndpointRules;
  try {
    rules = endpointRules(run.manifest, endpoint.flowKey);
  } catch (error) {
    if (error instanceof StaleEndpointError) return confirmed ? refuse(404, "NOT_FOUND", `${error.message}.`) : null;
    throw error;
  }
  const delivery = deliveryFrom(request, rawBody, options.publicUrl);
  const headers = redactHeaders(delivery.request.headers, secretHeadersOfSpec(rules.verify));
  let document: RequestDocument | undefined;
  const documentOf = () => (document ??= requestDocument(delivery, headers));
  const base: EventRecord = {
    organizationId,
    instanceId: endpoint.instanceId,
    endpointId: endpoint.id,
    source: sourceOf(rules.verify),
    method: request.method,
    headers,
    query: delivery.query,
    body: rawBody,
  };

  const state = await instanceStateStore(endpoint.instanceId).getMany(stateKeysOfSpec(rules.verify));
  const verdict = verifyWithSpec(delivery.request, rules.verify, run.config, { now: options.now ?? (() => new Date()) }, documentOf, state);
  if (!confirmed && (!verdict.ok || verdict.challenge)) return null;
  if (!verdict.ok) {
    const eventId = await recordEvent({ ...base, reason: verdict.reason }, "rejected");
    return refuse(401, "UNAUTHORIZED", `Webhook verification failed: ${verdict.reason} (event ${eventId}).`);
  }
  if (verdict.challenge) return challengeResponse(verdict.challenge);
  if (request.method !== "POST") return refuse(405, "BAD_REQUEST", "Webhook deliveries must be POSTed; GET is only answered for subscription handshakes.");
  try {
    documentOf();
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (!confirmed) return null;
    const eventId = await recordEvent({ ...base, reason: error.message }, "rejected");
    return refuse(error.status, error.code, `${error.message} (event ${eventId})`);
  }

  const routing = routeDelivery(run.manifest, endpoint.flowKey, documentOf());
  const key = dedupeKeyOf(rules, delivery, documentOf());
  const record: EventRecord = { ...base, dedupeKey: key, eventType: routing.eventType };
  if (routing.kind === "filtered") {
    const eventId = await recordEvent({ ...record, reason: routing.reason }, "filtered");
    return answer(200, { status: "filtered", eventId, reason: routing.reason });
  }
  const flowKeys = routing.flows.map((flow) => flow.flowKey);
  if (paused) {
    const buffered = await claimEvent({ ...record, flowKeys, reason: "instance paused; runs on resume" }, "buffered", async () => undefined);
    return buffered ? answer(202, { status: "buffered", eventId: buffered.eventId }) : duplicateOf(record);
  }
  const sync = syncOf(run.manifest, routing.flows);
  const started = await startFlows(endpoint, token, run, routing.flows, { ...record, flowKeys }, sync && options.runtime ? sync.timeoutMs : 0);
  if (started === "stale") return null;
  if (started === "duplicate") return duplicateOf(record);
  const { eventId, executionIds } = started;

  if (sync) {
    const log = options.log ?? logger();
    const outcome = await runSynchronously(organizationId, executionIds[0], {
      timeoutMs: sync.timeoutMs,
      runtime: options.runtime,
      onError: (error) => log.error({ component: "ingest", executionId: executionIds[0], err: (error as Error).message }, "synchronous run failed"),
    });
    if (outcome.kind === "finished" && outcome.status === "succeeded") {
      const response = responseFromOutput(outcome.output);
      response.headers["x-switchyard-execution-id"] = executionIds[0];
      return response;
    }
    if (outcome.kind === "finished") {
      const errorName = (outcome.error as { Error?: string } | null)?.Error ?? outcome.status;
      return answer(
        500,
        { error: { code: "INTERNAL_SERVER_ERROR", message: `The flow ${outcome.status === "failed" ? `failed with ${errorName}` : "was cancelled"}.` }, executionId: executionIds[0], eventId },
        { "X-Switchyard-Execution-Id": executionIds[0] },
      );
    }
  }
  return answer(202, { executionId: executionIds[0], executionIds, eventId });
}
