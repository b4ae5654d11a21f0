import { sandboxServes } from "@/server/sandbox/config";
import { ensureSandboxSeeded } from "@/server/sandbox/ensure-seeded";

/**
 * Wraps a /sandbox route handler so it answers 404 when the sandbox does not serve this request
 * (off, or on for this machine only and the client is elsewhere), exactly as if the route did not
 * exist: a production deployment must not reveal that it could simulate providers.
 */
export function sandboxRoute<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
  serves: (request: Request) => boolean = (request) => sandboxServes(request.headers),
) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    if (!serves(request)) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    await ensureSandboxSeeded();
    return handler(request, ...args);
  };
}
