import { handleMetricsRequest } from "@/server/telemetry/metrics-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The installation's metrics in Prometheus text format, behind METRICS_TOKEN (server/telemetry/metrics-route.ts). */
export async function GET(request: Request) {
  return handleMetricsRequest(request);
}
