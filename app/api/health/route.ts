import { runtimeConfig } from "@/server/env";
import { checkHealth } from "@/server/modules/health/health.service";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(runtimeConfig().databaseUrl);
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
