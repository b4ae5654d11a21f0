/**
 * `GET /api/metrics`: the installation's metrics in Prometheus text format, for its operator's
 * scraper. Off (404) unless METRICS_TOKEN is set; then the scraper sends it as
 * `Authorization: Bearer <METRICS_TOKEN>` and anything else is answered 401. The token is compared
 * in constant time (both sides hashed first, so not even its length shows).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { metricsToken } from "@/server/env";
import { metricsText } from "./metrics-report";

const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

function error(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

const digest = (text: string) => createHash("sha256").update(text).digest();

export function bearerTokenMatches(header: string | null, token: string): boolean {
  const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")?.[1];
  // Hashed even when no token came, so a missing one takes as long as a wrong one.
  return timingSafeEqual(digest(given ?? ""), digest(token)) && given !== undefined;
}

export async function handleMetricsRequest(request: Request, token: string | null = metricsToken()): Promise<Response> {
  if (!token) return error(404, "NOT_FOUND", "The metrics route is off: set METRICS_TOKEN to turn it on.");
  if (!bearerTokenMatches(request.headers.get("authorization"), token)) {
    return error(401, "UNAUTHORIZED", "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.", { "WWW-Authenticate": 'Bearer realm="metrics"' });
  }
  try {
    return new Response(await metricsText(), { status: 200, headers: { "Content-Type": PROMETHEUS_TEXT, "Cache-Control": "no-store" } });
  } catch (cause) {
    if (!isDatabaseUnavailable(cause)) throw cause;
    return error(503, "SERVICE_UNAVAILABLE", "Switchyard cannot reach its database right now; the metrics are read from it.", { "Retry-After": "30" });
  }
}
