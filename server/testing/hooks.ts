/** Helpers for tests that deliver webhooks through the real route handler. */
import { randomBytes } from "node:crypto";
import { POST } from "@/app/api/hooks/[token]/route";
import { db } from "@/server/db/client";
import { webhookSettings } from "@/server/env";
import { listInstanceEndpoints } from "@/server/modules/endpoints/endpoints.service";
import { signGithubPayload } from "@/server/verify/github";

export async function endpointUrls(organizationId: string, instanceId: string) {
  const endpoints = await listInstanceEndpoints(organizationId, instanceId, webhookSettings().publicUrl);
  return new Map(endpoints.map((endpoint) => [endpoint.flowKey, endpoint.url]));
}

export function tokenOf(url: string): string {
  return new URL(url).pathname.split("/").at(-1)!;
}

/** Calls the route handler as Next.js does for `POST /api/hooks/<token>`. */
export function postHook(url: string, init: { body?: BodyInit; headers?: Record<string, string>; method?: string; duplex?: "half" } = {}) {
  const request = new Request(url, {
    method: init.method ?? "POST",
    headers: init.headers,
    body: init.body,
    ...(init.duplex ? { duplex: init.duplex } : {}),
  } as RequestInit);
  return POST(request, { params: Promise.resolve({ token: tokenOf(url) }) });
}

export function githubDelivery(secret: string, payload: unknown, options: { event?: string; deliveryId?: string } = {}) {
  const body = Buffer.from(JSON.stringify(payload));
  const deliveryId = options.deliveryId ?? randomBytes(8).toString("hex");
  return {
    deliveryId,
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": options.event ?? "issues",
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": signGithubPayload(secret, body),
    },
  };
}

export function uniqueKey(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/**
 * Drops the queued jobs of an organization's executions, for test files that record executions
 * without running a worker: the queue is shared with later files (the health check counts it).
 */
export async function dropQueuedRuns(organizationId: string) {
  await db().$executeRaw`SELECT graphile_worker.remove_job('exec:' || id::text) FROM execution WHERE organization_id = ${organizationId}::uuid`;
}

const SUCCEED_AT_ONCE = `    StartAt: Done
    States:
      Done: { Type: Succeed }
`;

/**
 * One GitHub-verified webhook flow, `issues` (secret from the `webhookSecret` config field). By
 * default it takes only `issues` events and only succeeds; `match: null` takes every event, and
 * `flow` gives its own StartAt and States (YAML indented as a flow's keys).
 */
export function githubIssuesManifest(key: string, name = "GitHub issues", options: { match?: string | null; flow?: string } = {}): string {
  const match = options.match === undefined ? `{ "$.headers.x-github-event": issues }` : options.match;
  return `key: ${key}
name: ${name}
config:
  pages:
    - title: Webhook
      fields:
        - { key: webhookSecret, type: secret, required: true }
flows:
  - key: issues
    trigger:
      type: webhook
      verify: { preset: github, secret: { config: webhookSecret } }
${match === null ? "" : `      match: ${match}\n`}${options.flow ?? SUCCEED_AT_ONCE}`;
}
