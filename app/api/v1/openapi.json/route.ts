import { openApiDocument } from "@/server/api/openapi";
import { webhookSettings } from "@/server/env";

export const dynamic = "force-dynamic";

/** Public on purpose: the document describes the API, it holds no data. */
export function GET() {
  return Response.json(openApiDocument(webhookSettings().publicUrl), { headers: { "Cache-Control": "public, max-age=300" } });
}
