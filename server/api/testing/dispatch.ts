/**
 * A `fetch` that serves `/api/v1/*` with the real route handlers, as Next.js would route them
 * (the OpenAPI document's own route first, every other path to the catch-all): for the CLI and
 * the docs walkthrough tests, which speak HTTP.
 */
import * as apiRoute from "@/app/api/v1/[...path]/route";
import { GET as openApiDocument } from "@/app/api/v1/openapi.json/route";
import { OPENAPI_PATH } from "@/server/api/openapi";

export async function dispatchToRoutes(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const pathname = new URL(request.url).pathname;
  if (pathname === OPENAPI_PATH) return request.method === "GET" ? openApiDocument() : new Response(null, { status: 405 });
  if (!pathname.startsWith("/api/v1/")) return Response.json({ error: { code: "NOT_FOUND", message: `no route for ${pathname}` } }, { status: 404 });
  const handler = (apiRoute as unknown as Record<string, ((request: Request) => Promise<Response>) | undefined>)[request.method];
  return handler ? handler(request) : new Response(null, { status: 405 });
}
