import { handleHook } from "@/server/triggers/ingest/handle-hook";
import { hookRequestFromFetch, responseFromAnswer } from "@/server/http/hook-http";
import { webIngestOptions } from "@/server/triggers/ingest/options";
import { webRouteTracing } from "@/server/telemetry/start-tracing";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ token: string }> };

/**
 * Raw body, not tRPC: signatures are over the exact bytes. GET is answered for subscription
 * handshakes only. `npm start`'s web server answers these URLs itself (server/web/web-server.ts);
 * this route serves them when the app runs under `next start` or another host.
 */
export async function POST(request: Request, context: Context) {
  await webRouteTracing();
  const answer = await handleHook(hookRequestFromFetch(request), (await context.params).token, webIngestOptions());
  return responseFromAnswer(answer);
}

export const GET = POST;
