/**
 * Answers every REST request under /api/v1 (the one route file `app/api/v1/[...path]/route.ts`):
 * method + path → the operation (404 for a path no operation has; 405 with `Allow` for a method the
 * path does not take), then API key → organization, parse path, query and body with the
 * operation's schemas, run it (through the idempotency store when asked), shape the answer with
 * the response schema (which strips anything not declared), and answer errors in the one error shape.
 */
import { AppError } from "@/server/errors";
import { apiErrorResponse, validationError } from "./api-error";
import { operations } from "./api-operations";
import { authenticateApiKey } from "./authenticate";
import { idempotencyKeyOf, withIdempotency } from "./idempotency";
import type { AnyOperation } from "./operation";

const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const text = declared > MAX_BODY_BYTES ? null : await request.text();
  if (text === null || Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  }
  return text;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A manifest body stays text; JSON content is checked as JSON by the loader. */
function manifestBody(request: Request, text: string) {
  const type = request.headers.get("content-type") ?? "";
  return { source: text, format: /json/i.test(type) ? ("json" as const) : undefined };
}

async function parseInput(operation: AnyOperation, request: Request, pathParams: Record<string, string>, raw: string) {
  const params = operation.params.safeParse(pathParams);
  if (!params.success) throw validationError(params.error, "path");
  const query = operation.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error, "query");
  let body: unknown;
  if (operation.body.kind === "manifest") body = operation.body.schema.parse(manifestBody(request, raw));
  if (operation.body.kind === "json") {
    const parsed = operation.body.schema.safeParse(parseJson(raw));
    if (!parsed.success) throw validationError(parsed.error, "body");
    body = parsed.data;
  }
  return { params: params.data, query: query.data, body };
}

interface Route {
  path: string;
  pattern: RegExp;
  names: string[];
  byMethod: Map<string, AnyOperation>;
}

/** One route per path; paths with fewer parameters first, so a fixed segment wins over a parameter (as Next.js routes). */
const routes: Route[] = (() => {
  const byPath = new Map<string, Route>();
  for (const operation of operations) {
    let route = byPath.get(operation.path);
    if (!route) {
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const source = operation.path
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("([^/]+)");
      route = { path: operation.path, pattern: new RegExp(`^${source}$`), names, byMethod: new Map() };
      byPath.set(operation.path, route);
    }
    if (route.byMethod.has(operation.method)) throw new Error(`Two operations answer ${operation.method} ${operation.path}`);
    route.byMethod.set(operation.method, operation);
  }
  return [...byPath.values()].sort((a, b) => a.names.length - b.names.length);
})();

function routeOf(pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    try {
      return { route, params: Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
    } catch {
      return null; // Not valid percent-encoding: no operation has such a path.
    }
  }
  return null;
}

/** The methods a path takes, as an `Allow` header lists them (HEAD with GET, and OPTIONS, as Next.js answers for a route file). */
function allowOf(route: Route): string {
  const methods = new Set(["OPTIONS", ...route.byMethod.keys()]);
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort().join(", ");
}

/** The operation that answers `method` at `pathname`, with the path's parameters; `allow` when the path is known but not the method. */
export function findOperation(method: string, pathname: string): { operation: AnyOperation; params: Record<string, string> } | { allow: string } | null {
  const found = routeOf(pathname);
  if (!found) return null;
  const operation = found.route.byMethod.get(method === "HEAD" ? "GET" : method);
  return operation ? { operation, params: found.params } : { allow: allowOf(found.route) };
}

async function runOperationRequest(operation: AnyOperation, request: Request, pathParams: Record<string, string>): Promise<Response> {
  try {
    const caller = await authenticateApiKey(request);
    const raw = operation.body.kind === "none" ? "" : await readBody(request);
    const input = await parseInput(operation, request, pathParams, raw);
    const run = async () => ({
      status: operation.status,
      body: operation.response.parse(await operation.run({ organizationId: caller.organizationId, ...input })),
    });
    const key = operation.idempotent ? idempotencyKeyOf(request) : null;
    if (!key) {
      const answer = await run();
      return Response.json(answer.body, { status: answer.status });
    }
    const scope = `${operation.method} ${new URL(request.url).pathname}`;
    const answer = await withIdempotency({ organizationId: caller.organizationId, scope, key }, raw, run);
    return Response.json(answer.body, { status: answer.status, headers: answer.replayed ? { "Idempotent-Replayed": "true" } : {} });
  } catch (error) {
    return apiErrorResponse(error, { operation: operation.id });
  }
}

/** The REST API: every method of every path under /api/v1 comes here. */
export async function answerApiRequest(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const found = findOperation(request.method, pathname);
  if (!found) {
    return apiErrorResponse(new AppError("NOT_FOUND", `No API operation at ${pathname}; the operations are listed in /api/v1/openapi.json.`));
  }
  if ("allow" in found) {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: found.allow } });
    return new Response(null, { status: 405, headers: { Allow: found.allow } });
  }
  return runOperationRequest(found.operation, request, found.params);
}
