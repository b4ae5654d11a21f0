/**
 * `POST /api/runner`: the flow runner route, for deployments with no long-running worker (a
 * serverless host). A platform cron (every minute) or a kick after ingest calls it with
 * `Authorization: Bearer $RUNNER_SECRET`; it runs due jobs for at most RUNNER_MAX_SECONDS (or the
 * `maxSeconds` the body asks, when shorter) and answers what it ran. Off (404) without a secret.
 */
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { runnerSettings, runtimeConfig } from "@/server/env";
import { logger } from "@/server/logger";
import { webAlwaysAllow, webRuntime } from "@/server/runtime/web-runtime";
import { flushMetrics } from "@/server/telemetry/metric-counts";
import { emitEvent } from "@/server/triggers/kinds/event/emit-event";
import { webRouteTracing } from "@/server/telemetry/start-tracing";
import { runDueJobs } from "./run-due-jobs";

const bodySchema = z.strictObject({ maxSeconds: z.number().positive().optional() }).optional();

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { error: { code, message } }, headers);
}

function bearerMatches(header: string | null, secret: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? "")?.[1] ?? "");
  const wanted = Buffer.from(secret);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function handleRunnerRequest(request: Request): Promise<Response> {
  const settings = runnerSettings();
  if (!settings.secret) return error(404, "NOT_FOUND", "The flow runner route is off: set RUNNER_SECRET to turn it on.");
  if (!bearerMatches(request.headers.get("authorization"), settings.secret)) {
    return error(401, "UNAUTHORIZED", "Send the runner secret as `Authorization: Bearer <RUNNER_SECRET>`.", { "WWW-Authenticate": "Bearer" });
  }
  const text = await request.text();
  let parsed: z.infer<typeof bodySchema>;
  try {
    parsed = bodySchema.parse(text.trim() ? JSON.parse(text) : undefined);
  } catch (cause) {
    const message = cause instanceof z.ZodError ? z.prettifyError(cause).replaceAll("\n", " ") : "the body is not JSON";
    return error(400, "BAD_REQUEST", `Invalid body: ${message}. Send nothing, or { "maxSeconds": <number> }.`);
  }
  const maxMs = Math.min(settings.maxMs, (parsed?.maxSeconds ?? Infinity) * 1000);
  const tracing = await webRouteTracing();
  const report = await runDueJobs({
    databaseUrl: runtimeConfig().databaseUrl,
    runtime: webRuntime(emitEvent),
    poll: { log: logger(), alwaysAllow: webAlwaysAllow() },
    maxMs,
    concurrency: settings.concurrency,
    log: logger(),
  });
  // A serverless host may freeze the process once it has answered: what this call counted and traced goes out first.
  await Promise.all([flushMetrics(), tracing?.flush()]);
  return json(200, report);
}
