/**
 * A delivery past the front door: verify → (challenge) → route/match → dedupe key → one
 * transaction recording the event and starting its executions → answer. Every outcome that is
 * not a handshake is recorded as an event with its verdict. Salesforce Outbound Messages, which
 * carry several events and want a SOAP answer, go to outbound-messages.ts.
 */
import { isAppError } from "@/server/errors";
import { groupCommit } from "@/server/db/group-commit";
import { logger } from "@/server/logger";
import type { DeliveryEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import { executionConcurrency } from "@/server/modules/executions/concurrency";
import { executionPriority } from "@/server/modules/executions/fair-priority";
import { acceptEvents, type AcceptedDelivery } from "@/server/modules/events/accept-events.repo";
import { holdEvent, recordEvent, type EventRecord } from "@/server/modules/events/events.repo";
import { flowOf } from "@/server/modules/integrations/pinned-manifest";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import type { DeliveryRunContext } from "@/server/modules/instances/instances.service";
import { endpointRules, routeDelivery, StaleEndpointError, syncOf, type EndpointRules, type RoutedFlow } from "@/server/triggers/routing";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import type { RequestDocument } from "@/server/modules/events/event-document";
import { deliveryFrom, redactHeaders, requestDocument } from "./delivery";
import { dedupeKeyOf, eventRecordBase, HOLD_REASONS, noteFirstVerified, recordDuplicate } from "./delivery-records";
import type { DeliveryInput } from "./delivery-input";
import type { HookAnswer } from "@/server/http/hook-http";
import { acceptWithBodyFile, bodyFileOf, keptBody, referToBodyFile, storeBodyFile } from "./body-file";
import { processOutboundMessage, takesOutboundMessages } from "./outbound-messages";
import { answer, challengeResponse, refuse } from "./responses";
import { responseFromOutput, runSynchronously } from "@/server/runtime/sync-run";
import { acceptsGetDeliveries, secretHeadersOfSpec, stateKeysOfSpec, verifyWithSpec } from "./verify-spec";
import type { DeliveryVerdict } from "@/server/telemetry/metric-counts";

/** The answer, marked with what the delivery was recorded as (for metrics and traces). */
function recorded(answer: HookAnswer, verdict: DeliveryVerdict): HookAnswer {
  answer.verdict = verdict;
  return answer;
}

async function duplicateOf(record: EventRecord, bodyNote = ""): Promise<HookAnswer> {
  const { eventId, duplicateOf: original } = await recordDuplicate(record, bodyNote);
  return recorded(answer(200, { status: "duplicate", eventId, duplicateOf: original }), "duplicate");
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
function deliveryOf(
  endpoint: DeliveryEndpoint,
  token: string,
  run: DeliveryRunContext,
  flows: RoutedFlow[],
  record: EventRecord,
  inlineMs: number,
  traceContext: string | null,
): AcceptedDelivery {
  const starts = flows.map((routed) => {
    const flow = flowOf(run.manifest, routed.flowKey);
    return {
      flowKey: routed.flowKey,
      input: routed.input,
      startAt: flow.StartAt,
      firstRunAfterMs: inlineMs,
      concurrency: executionConcurrency(endpoint.instanceId, flow, routed.input),
    };
  });
  const customerId = endpoint.instance.customerId;
  return {
    record,
    run: { customerId, integrationVersionId: run.integrationVersionId },
    starts,
    priority: executionPriority.next(customerId, starts.length),
    guard: { token, instanceUpdatedAt: run.instanceUpdatedAt },
    traceContext,
  };
}

export async function processDelivery(input: DeliveryInput): Promise<HookAnswer | null> {
  const { request, rawBody, endpoint, token, run, confirmed, hold, options, span } = input;
  const organizationId = endpoint.organizationId;
  span?.describe({ organizationId, instanceId: endpoint.instanceId, customerId: endpoint.instance.customerId, endpointId: endpoint.id });
  let rules: EndpointRules;
  try {
    rules = endpointRules(run.manifest, endpoint.flowKey);
  } catch (error) {
    if (error instanceof StaleEndpointError) return confirmed ? refuse(404, "NOT_FOUND", `${error.message}.`) : null;
    throw error;
  }
  if (takesOutboundMessages(rules.verify)) return processOutboundMessage(input, rules);
  const bodyFile = bodyFileOf(request.headers, rawBody, options.inlineBodyBytes);
  // Rare and written in a transaction of their own: decided through the front door.
  if (bodyFile && !confirmed) return null;
  const kept = keptBody(rawBody, options.inlineBodyBytes);
  const delivery = deliveryFrom(request, rawBody, options.publicUrl);
  const headers = redactHeaders(delivery.request.headers, secretHeadersOfSpec(rules.verify));
  let document: RequestDocument | undefined;
  const documentOf = () => (document ??= requestDocument(delivery, headers));
  const base = eventRecordBase(endpoint, rules, delivery, headers, kept.body);

  const state = await instanceStateStore(endpoint.instanceId).getMany(stateKeysOfSpec(rules.verify));
  const verdict = verifyWithSpec(delivery.request, rules.verify, run.config, { now: options.now ?? (() => new Date()) }, documentOf, state);
  if (!confirmed && (!verdict.ok || verdict.challenge)) return null;
  if (verdict.ok && !endpoint.verifiedAt) await noteFirstVerified(endpoint);
  if (!verdict.ok && hold === "deploying" && stateKeysOfSpec(rules.verify).some((key) => state[key] === undefined || state[key] === null)) {
    // The secret comes from instance state the deploy flows have not written yet: not a forgery,
    // just early. Nothing is recorded; the provider retries.
    const retryAfter = options.unavailableRetryAfterSeconds ?? 60;
    return refuse(
      503,
      "SERVICE_UNAVAILABLE",
      "The instance behind this endpoint is still deploying and cannot verify deliveries yet; retry later.",
      retryAfter,
    );
  }
  if (!verdict.ok) {
    const eventId = await recordEvent({ ...base, reason: verdict.reason + kept.note }, "rejected");
    return recorded(refuse(401, "UNAUTHORIZED", `Webhook verification failed: ${verdict.reason} (event ${eventId}).`), "rejected");
  }
  if (verdict.challenge) return recorded(challengeResponse(verdict.challenge), "challenge");
  if (request.method !== "POST" && !acceptsGetDeliveries(rules.verify)) {
    return refuse(
      405,
      "BAD_REQUEST",
      "Webhook deliveries must be POSTed; GET is only answered for subscription handshakes and for providers that deliver by GET (twilio).",
    );
  }
  try {
    documentOf();
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (!confirmed) return null;
    const eventId = await recordEvent({ ...base, reason: error.message + kept.note }, "rejected");
    return recorded(refuse(error.status, error.code, `${error.message} (event ${eventId})`), "rejected");
  }

  const routing = routeDelivery(run.manifest, endpoint.flowKey, documentOf());
  const key = dedupeKeyOf(rules, delivery, documentOf());
  const record: EventRecord = { ...base, dedupeKey: key, eventType: routing.eventType };
  if (routing.kind === "filtered") {
    const eventId = await recordEvent({ ...record, reason: routing.reason + kept.note }, "filtered");
    return recorded(answer(200, { status: "filtered", eventId, reason: routing.reason }), "filtered");
  }
  const flowKeys = routing.flows.map((flow) => flow.flowKey);
  if (hold) {
    const toHold = { ...record, body: bodyFile ? null : rawBody, flowKeys, reason: HOLD_REASONS[hold] };
    const held = await holdEvent(toHold, hold, bodyFile ? (tx, eventId) => storeBodyFile(tx, record, eventId, bodyFile) : undefined);
    if (held === "changed") return null;
    return held ? recorded(answer(202, { status: "buffered", eventId: held.eventId }), "buffered") : duplicateOf(record, kept.note);
  }
  const sync = syncOf(run.manifest, routing.flows);
  const inlineMs = sync && options.runtime ? sync.timeoutMs : 0;
  const started = bodyFile
    ? await acceptWithBodyFile(
        deliveryOf(
          endpoint,
          token,
          run,
          referToBodyFile(routing.flows, documentOf(), bodyFile.ref),
          { ...record, flowKeys },
          inlineMs,
          span?.traceContext ?? null,
        ),
        bodyFile,
      )
    : await acceptDelivery(deliveryOf(endpoint, token, run, routing.flows, { ...record, body: rawBody, flowKeys }, inlineMs, span?.traceContext ?? null));
  if (started === "stale") return null;
  if (started === "duplicate") return duplicateOf(record, kept.note);
  const { executionIds } = started;
  // A delivery is always recorded as an event (only manual starts have none).
  const eventId = started.eventId!;
  span?.accepted({ flowKeys, eventId, executionIds });

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
      return recorded(response, "accepted");
    }
    if (outcome.kind === "finished") {
      const errorName = (outcome.error as { Error?: string } | null)?.Error ?? outcome.status;
      return recorded(
        answer(
          500,
          {
            error: { code: "INTERNAL_SERVER_ERROR", message: `The flow ${outcome.status === "failed" ? `failed with ${errorName}` : "was cancelled"}.` },
            executionId: executionIds[0],
            eventId,
          },
          { "X-Switchyard-Execution-Id": executionIds[0] },
        ),
        "accepted",
      );
    }
  }
  return recorded(answer(202, { executionId: executionIds[0], executionIds, eventId }), "accepted");
}
