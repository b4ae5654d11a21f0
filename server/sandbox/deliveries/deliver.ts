import { logger } from "@/server/logger";
import type { SandboxProvider } from "@/server/sandbox/config";
import { insertDelivery } from "@/server/sandbox/deliveries/deliveries.repo";

/** GitHub gives a receiver ten seconds; the others are in the same range. */
const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_KEEP_BYTES = 4096;

export interface OutgoingDelivery {
  provider: SandboxProvider;
  event: string;
  target: string;
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: Buffer;
}

const inFlight = new Set<Promise<void>>();

/**
 * Sends a webhook the way the provider would: after the API call that caused it has answered,
 * never inside it. Each attempt is recorded (status and the start of the response) for the
 * deliveries page. The target is whatever URL the integration registered, usually this app's own
 * /api/hooks/<token>, so this is a plain fetch and not the connectors' guarded client.
 */
export function dispatchDelivery(delivery: OutgoingDelivery): void {
  trackSandboxWork(sendAndRecord(delivery));
}

/** Counts background work (a send, an outbound message pass) as in flight until it settles. */
export function trackSandboxWork<T>(work: Promise<T>): Promise<T> {
  const tracked = work
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => inFlight.delete(tracked));
  inFlight.add(tracked);
  return work;
}

/** Waits until every delivery started so far has been sent and recorded (tests, seed scripts). */
export async function settleSandboxDeliveries(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

export interface DeliveryOutcome {
  status: number | null;
  /** The start of the receiver's answer. */
  responseBody: string | null;
  error: string | null;
}

/** Sends one delivery and records the attempt; answers what the receiver said, for senders that look at it (Salesforce's Ack). */
export async function sendAndRecord(delivery: OutgoingDelivery): Promise<DeliveryOutcome> {
  const started = performance.now();
  let status: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: delivery.method ?? "POST",
      headers: delivery.headers,
      body: new Uint8Array(delivery.body),
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    status = response.status;
    responseBody = (await response.text()).slice(0, RESPONSE_KEEP_BYTES);
  } catch (cause) {
    error = cause instanceof Error ? `${cause.name}: ${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}` : String(cause);
  }
  try {
    await insertDelivery({
      provider: delivery.provider,
      event: delivery.event,
      target: delivery.target,
      url: delivery.url,
      requestHeaders: delivery.headers,
      requestBody: delivery.body.toString("utf8"),
      status,
      responseBody,
      error,
      durationMs: Math.round(performance.now() - started),
    });
  } catch (cause) {
    // Recording is best effort: a failed insert must not surface as an unhandled rejection.
    logger().error({ err: cause, url: delivery.url }, "sandbox: could not record a webhook delivery");
  }
  return { status, responseBody, error };
}
