import { handleHook } from "@/server/triggers/ingest/handle-hook";
import { webIngestOptions } from "@/server/triggers/ingest/options";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ token: string }> };

/** Raw body, not tRPC: signatures are over the exact bytes. GET is answered for subscription handshakes only. */
export async function POST(request: Request, context: Context) {
  return handleHook(request, (await context.params).token, webIngestOptions());
}

export const GET = POST;
