/**
 * Turns an operation into a Next.js route handler: API key → organization, parse path, query and
 * body with the operation's schemas, run it (through the idempotency store when asked), shape the
 * answer with the response schema (which strips anything not declared), and answer errors in the
 * one error shape.
 */
import { AppError } from "@/server/errors";
import { apiErrorResponse, validationError } from "./api-error";
import { authenticateApiKey } from "./authenticate";
import { idempotencyKeyOf, withIdempotency } from "./idempotency";
import type { AnyOperation } from "./operation";

const MAX_BODY_BYTES = 1024 * 1024;

/** Next.js resolves `params` to undefined for a route without dynamic segments. */
export type RouteContext = { params: Promise<Record<string, string | string[] | undefined> | undefined> };
export type RouteHandler = ((request: Request, context: RouteContext) => Promise<Response>) & { operation: AnyOperation };

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

async function parseInput(operation: AnyOperation, request: Request, context: RouteContext, raw: string) {
  const params = operation.params.safeParse((await context.params) ?? {});
  if (!params.success) throw validationError(params.error, "path");
  const query = operation.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error, "query");
  let body: unknown = undefined;
  if (operation.body.kind === "manifest") body = operation.body.schema.parse(manifestBody(request, raw));
  if (operation.body.kind === "json") {
    const parsed = operation.body.schema.safeParse(parseJson(raw));
    if (!parsed.success) throw validationError(parsed.error, "body");
    body = parsed.data;
  }
  return { params: params.data, query: query.data, body };
}

export function routeHandler(operation: AnyOperation): RouteHandler {
  const handler = async (request: Request, context: RouteContext) => {
    try {
      const caller = await authenticateApiKey(request);
      const raw = operation.body.kind === "none" ? "" : await readBody(request);
      const input = await parseInput(operation, request, context, raw);
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
  };
  return Object.assign(handler, { operation });
}
