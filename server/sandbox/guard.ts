import { sandboxEnabled } from "@/server/sandbox/config";
import { ensureSandboxSeeded } from "@/server/sandbox/ensure-seeded";

/**
 * Wraps a /sandbox route handler so it answers 404 when the sandbox is disabled, exactly as if the
 * route did not exist: a production deployment must not reveal that it could simulate providers.
 */
export function sandboxRoute<Args extends unknown[]>(handler: (request: Request, ...args: Args) => Promise<Response>, isEnabled: () => boolean = sandboxEnabled) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    if (!isEnabled()) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    await ensureSandboxSeeded();
    return handler(request, ...args);
  };
}
