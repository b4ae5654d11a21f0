import { randomUUID } from "node:crypto";

import type { HttpClient, QueryValue } from "@/server/connectors/http/http-client";
import { NonRetryableError } from "@/server/engine/errors";
import type { IntrinsicDeps } from "@/server/engine/intrinsics";
import type { ContextObject } from "@/server/engine/paths";
import { resolveTemplate } from "@/server/engine/payload-template";
import type { HttpAction } from "@/server/manifest/action.schema";

/** What a manifest HTTP action answers to its state (before ResultSelector/ResultPath). */
export interface HttpActionResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface RunManifestHttpActionArgs {
  /** The action's key in the manifest's `actions`, for error messages. */
  key: string;
  definition: HttpAction;
  /** The state's resolved Parameters. */
  input: unknown;
  /** `$$` for expressions that read the context object (`$$.Config.region`). */
  context: ContextObject;
  /** Carries the named connection's base URL and credentials (or none, for a bare `url`). */
  http: HttpClient;
  intrinsics?: IntrinsicDeps;
}

function asHeaderValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function pairs(list: unknown, field: string): Array<{ key: string; value: unknown }> {
  return (list as Array<{ key: string; value: unknown }>).map((pair, index) => {
    if (pair.value === undefined) throw new NonRetryableError(`${field}[${index}] (${pair.key}) has no value`);
    return pair;
  });
}

/**
 * Runs a ZIS-style HTTP action: `url.$`, `path.$`, `value.$` and any `.$` key inside `requestBody`
 * are evaluated against the input by the engine's own template resolver, so they behave exactly like
 * `Parameters` (same JSONPath, same intrinsics, same error when a path matches nothing).
 */
export async function runManifestHttpAction({ key, definition, input, context, http, intrinsics }: RunManifestHttpActionArgs): Promise<HttpActionResult> {
  const field = `actions.${key}`;
  const template = {
    ...(definition.url !== undefined ? { url: definition.url } : {}),
    ...(definition["url.$"] !== undefined ? { "url.$": definition["url.$"] } : {}),
    ...(definition.path !== undefined ? { path: definition.path } : {}),
    ...(definition["path.$"] !== undefined ? { "path.$": definition["path.$"] } : {}),
    headers: definition.headers ?? [],
    query: definition.query ?? [],
    ...(definition.requestBody !== undefined ? { requestBody: definition.requestBody } : {}),
  };
  const deps = intrinsics ?? { random: Math.random, uuid: randomUUID };
  const resolved = resolveTemplate(template, input, context, deps, field) as {
    url?: unknown;
    path?: unknown;
    headers: unknown;
    query: unknown;
    requestBody?: unknown;
  };

  const headers: Record<string, string> = {};
  for (const pair of pairs(resolved.headers, `${field}.headers`)) headers[pair.key] = asHeaderValue(pair.value);
  const query: Record<string, QueryValue> = {};
  for (const pair of pairs(resolved.query, `${field}.query`)) query[pair.key] = asHeaderValue(pair.value);

  let target: { url: string } | { path: string };
  if (resolved.url !== undefined) {
    if (typeof resolved.url !== "string" || !/^https?:\/\//i.test(resolved.url)) {
      throw new NonRetryableError(`${field}.url must be an absolute http(s) URL, got ${JSON.stringify(resolved.url)}`);
    }
    target = { url: resolved.url };
  } else {
    if (typeof resolved.path !== "string" || !resolved.path.startsWith("/")) {
      throw new NonRetryableError(`${field}.path must be a string starting with /, got ${JSON.stringify(resolved.path)}`);
    }
    target = { path: resolved.path };
  }

  const response = await http.request({
    method: definition.method,
    ...target,
    headers,
    query,
    ...(resolved.requestBody !== undefined ? { json: resolved.requestBody } : {}),
  });
  return { status: response.status, headers: response.headers, body: response.body };
}
