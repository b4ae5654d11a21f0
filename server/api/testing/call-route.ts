/** Calls the REST route the way Next.js does, for integration tests and the docs walkthrough. */
import { answerApiRequest, findOperation } from "@/server/api/route-handler";
import type { AnyOperation } from "@/server/api/operation";
import { createApiKey } from "@/server/modules/api-keys/api-keys.service";

export const BASE_URL = "http://switchyard.test";

export interface RouteCall {
  key?: string | null;
  body?: unknown;
  /** Sent as is (a manifest's YAML), instead of JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** The path's parameters: the request goes to the operation's path with these (`path` then gives only the query). */
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
}

/** `operation` at `path` through the API's one route handler; throws when the path is not that operation's. */
export async function callRoute(operation: AnyOperation, path: string, call: RouteCall = {}) {
  const url = new URL(path, BASE_URL);
  if (call.params) url.pathname = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.params![name] ?? ""));
  const found = findOperation(operation.method, url.pathname);
  if (!found || !("operation" in found) || found.operation !== operation)
    throw new Error(`${operation.method} ${url.pathname} is not the operation ${operation.id}`);
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  const headers = new Headers(call.headers);
  if (call.key) headers.set("authorization", `Bearer ${call.key}`);
  let body: string | undefined;
  if (call.rawBody !== undefined) body = call.rawBody;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const response = await answerApiRequest(new Request(url, { method: operation.method, headers, body }));
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers of every shape
  const json = (text ? JSON.parse(text) : null) as any;
  return { status: response.status, headers: response.headers, json };
}

export async function apiKeyFor(organizationId: string) {
  return (await createApiKey(organizationId, "test")).key;
}

export const manualManifest = (key: string, extra = "") => `key: ${key}
name: Manual ${key}
description: Says hello.
category: Testing
config:
  pages:
    - title: Greeting
      fields:
        - { key: greeting, type: string, required: true }
        - { key: token, type: secret }
flows:
  - key: hello
    trigger: { type: manual }
    StartAt: Greet
    States:
      Greet:
        Type: Pass
        Parameters: { "message.$": "States.Format('{} {}', $$.Config.greeting, $.name)" }
        End: true
  - key: explode
    trigger: { type: manual }
    StartAt: Boom
    States:
      Boom: { Type: Fail, Error: Exploded, Cause: "it blew up" }
${extra}`;
