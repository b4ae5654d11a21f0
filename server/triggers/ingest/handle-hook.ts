/**
 * `POST /api/hooks/<token>`: the front door. This file decides whether a request may be looked
 * at all (token, instance status, rate limit, size); process-delivery.ts does the rest (verify,
 * match, dedupe, record, start). See server/triggers/README.md for the whole path.
 *
 * Two ways in. A token this process looked up a moment ago (known-endpoints.ts) goes straight to
 * verification with a rate token from memory (rate-tokens.ts), and its acceptance is written only
 * if the endpoint and instance still match what it was verified with; anything else about it is
 * decided through the front door: one query for the endpoint, its instance and a rate token.
 */
import { isAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { processSingleton } from "@/server/process-singleton";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { openEndpointForDelivery, returnRateToken, type DeliveryEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import type { HoldReason } from "@/server/modules/events/events.repo";
import { deliveryRunContext } from "@/server/modules/instances/instances.service";
import { ClientGoneError, type HookAnswer, type HookRequest } from "@/server/http/hook-http";
import { KnownEndpoints, type KnownEndpoint, type KnownEndpointEntries } from "./known-endpoints";
import type { IngestOptions } from "./options";
import { processDelivery } from "./process-delivery";
import { RateTokens, type Allotment } from "./rate-tokens";
import { BodyTooLargeError } from "./read-body";
import { refuse } from "./responses";
import { countDelivery } from "@/server/telemetry/metric-counts";
import { activeTracing, type IngestSpan } from "@/server/telemetry/tracing";

const DEFAULT_RETRY_AFTER_SECONDS = 60;
const DATABASE_RETRY_AFTER_SECONDS = 30;
/** Tokens are 32 base64url characters; anything else cannot be one, so it is refused without a query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

// One per process, whichever copy of this module a delivery reaches (server/process-singleton.ts).
const knownEndpoints = new KnownEndpoints(
  Date.now,
  processSingleton<KnownEndpointEntries>("ingest.knownEndpoints", () => new Map()),
);
const rateTokens = new RateTokens(
  undefined,
  Date.now,
  processSingleton<Map<string, Allotment>>("ingest.rateTokens", () => new Map()),
);

/** Instances that are not active refuse deliveries, each with a status that tells the provider what to do. */
function refusalFor(instance: DeliveryEndpoint["instance"], retryAfter: number): HookAnswer | null {
  switch (instance.status) {
    case "active":
      return null;
    case "paused":
      return instance.bufferWhilePaused ? null : refuse(503, "SERVICE_UNAVAILABLE", "The instance behind this endpoint is paused; retry later.", retryAfter);
    case "deploying":
      // Held until the deploy ends (then run, or dropped if it fails): providers such as GitHub
      // never redeliver by themselves, and the first ping of a fresh deploy arrives right now.
      return null;
    case "configuring":
      return refuse(409, "CONFLICT", "The instance behind this endpoint has not been activated yet.");
    case "failed":
      return refuse(409, "CONFLICT", "The instance behind this endpoint failed to deploy or remove; deliveries are refused until it is fixed.");
    case "removing":
    case "removed":
      return refuse(404, "NOT_FOUND", "The instance behind this endpoint is being removed.");
  }
}

function readBody(request: HookRequest, options: IngestOptions): Promise<Buffer> {
  return request.body(options.maxBodyBytes, () => new BodyTooLargeError(options.maxBodyBytes));
}

/** A delivery to a known endpoint; null when the front door must decide it. */
async function deliverToKnown(
  request: HookRequest,
  token: string,
  known: KnownEndpoint,
  options: IngestOptions,
  span: IngestSpan | null,
): Promise<HookAnswer | null> {
  if (request.method !== "POST" || !(await rateTokens.take(known.endpoint.id, options.rateLimit))) return null;
  let rawBody: Buffer;
  try {
    rawBody = await readBody(request, options);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return null;
    throw error;
  }
  return processDelivery({ request, rawBody, endpoint: known.endpoint, run: known.run, token, confirmed: false, hold: null, options, span });
}

async function deliverThroughFrontDoor(request: HookRequest, token: string, options: IngestOptions, span: IngestSpan | null): Promise<HookAnswer | null> {
  // One round trip: the endpoint, its instance's status and (when it takes deliveries) a rate token.
  const endpoint = await openEndpointForDelivery(token, options.rateLimit);
  if (!endpoint) {
    return refuse(404, "NOT_FOUND", "No webhook endpoint has this URL. It may have been rotated, or its instance removed.");
  }
  const retryAfter = options.unavailableRetryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const refusal = refusalFor(endpoint.instance, retryAfter);
  if (refusal) return refusal;
  if (endpoint.rateTokens !== null && endpoint.rateTokens < 0) {
    // Overdrawn: give the token back so a flood of refused requests does not starve the endpoint.
    await returnRateToken(endpoint.id);
    const waitSeconds = Math.max(1, Math.ceil(-endpoint.rateTokens / options.rateLimit.perSecond));
    return refuse(
      429,
      "TOO_MANY_REQUESTS",
      `This endpoint accepts ${options.rateLimit.perSecond} deliveries per second (bursts of ${options.rateLimit.burst}); retry later.`,
      waitSeconds,
    );
  }
  let rawBody: Buffer;
  try {
    rawBody = await readBody(request, options);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return refuse(413, "PAYLOAD_TOO_LARGE", `The request body is larger than this endpoint's ${options.maxBodyBytes}-byte limit.`);
    throw error;
  }
  const run = await deliveryRunContext(endpoint.organizationId, endpoint.instance);
  const hold = holdOf(endpoint.instance.status);
  if (!hold) knownEndpoints.remember(token, { endpoint, run });
  return processDelivery({ request, rawBody, endpoint, run, token, confirmed: true, hold, options, span });
}

function holdOf(status: DeliveryEndpoint["instance"]["status"]): HoldReason | null {
  if (status === "paused") return "paused";
  if (status === "deploying") return "deploying";
  return null;
}

/**
 * Through the front door, answered. The instance may change status while a delivery is processed
 * (a deploy finishing as a delivery is held); then it is looked up once more and decided afresh.
 */
async function deliverConfirmed(request: HookRequest, token: string, options: IngestOptions, span: IngestSpan | null): Promise<HookAnswer> {
  const answer = (await deliverThroughFrontDoor(request, token, options, span)) ?? (await deliverThroughFrontDoor(request, token, options, span));
  return answer ?? refuse(503, "SERVICE_UNAVAILABLE", "The instance behind this endpoint changed while this delivery was processed; retry.", 1);
}

async function ingest(request: HookRequest, token: string, options: IngestOptions, span: IngestSpan | null): Promise<HookAnswer> {
  if (request.method !== "POST" && request.method !== "GET") {
    return refuse(405, "BAD_REQUEST", `Webhook deliveries must be POSTed (got ${request.method}).`);
  }
  if (!TOKEN_SHAPE.test(token)) return refuse(404, "NOT_FOUND", "No webhook endpoint has this URL. It may have been rotated, or its instance removed.");
  const known = knownEndpoints.get(token);
  if (known) {
    const answer = await deliverToKnown(request, token, known, options, span);
    if (answer) return answer;
    knownEndpoints.forget(token);
  }
  return deliverConfirmed(request, token, options, span);
}

/** Every answer is counted by verdict (metric-counts.ts) and, with tracing on, ends the delivery's span. */
export async function handleHook(request: HookRequest, token: string, options: IngestOptions): Promise<HookAnswer> {
  const span = activeTracing()?.startIngest() ?? null;
  const answer = await answerHook(request, token, options, span);
  countDelivery(answer.verdict ?? "refused", answer.status);
  span?.end({ status: answer.status, verdict: answer.verdict ?? "refused" });
  return answer;
}

/** Never a stack trace and never a 500 for a database outage: providers retry on 503. */
async function answerHook(request: HookRequest, token: string, options: IngestOptions, span: IngestSpan | null): Promise<HookAnswer> {
  const log = options.log ?? logger();
  try {
    return await ingest(request, token, options, span);
  } catch (error) {
    if (error instanceof ClientGoneError) return refuse(400, "BAD_REQUEST", "The request body did not arrive: the connection was closed.");
    if (isDatabaseUnavailable(error)) {
      // Prisma's message quotes the calling code; its last line is the reason.
      const reason = String((error as Error).message ?? error)
        .trim()
        .split("\n")
        .at(-1);
      log.warn({ component: "ingest", err: reason }, "database unavailable; delivery refused with 503");
      return refuse(503, "SERVICE_UNAVAILABLE", "Switchyard cannot reach its database right now; retry later.", DATABASE_RETRY_AFTER_SECONDS);
    }
    if (isAppError(error)) return refuse(error.status, error.code, error.message, error.details.retryAfterSeconds);
    log.error(
      { component: "ingest", err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
      "delivery failed",
    );
    return refuse(500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side. It has been logged.");
  }
}
