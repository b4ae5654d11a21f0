import { z } from "zod";

import type { ConnectorContext } from "@/server/connectors/framework/define-connector";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";

/** Slack's answers to a bad token. Slack sends them with HTTP 200; we surface them as a 401. */
const AUTH_ERRORS = new Set(["not_authed", "invalid_auth", "token_expired", "token_revoked", "account_inactive"]);
const TRANSIENT_ERRORS = new Set(["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

const envelopeSchema = z.object({ ok: z.boolean(), error: z.string().optional() }).loose();

/**
 * Calls a Web API method. Slack answers errors with HTTP 200 and `{ ok: false, error }`, which the
 * HTTP client cannot see; this turns them into the errors flows expect. Auth failures carry
 * `status: 401` so they look like every other provider's expired token to the platform.
 */
export async function callSlack(
  ctx: ConnectorContext,
  method: string,
  args: Record<string, unknown>,
  options: { read?: boolean } = {},
): Promise<Record<string, unknown>> {
  const response = options.read
    ? await ctx.http.get(`/${method}`, { query: args as Record<string, string | number | boolean | undefined> })
    : await ctx.http.post(`/${method}`, args);
  const body = envelopeSchema.parse(response.body);
  if (body.ok) return body;
  const error = body.error ?? "unknown_error";
  const message = `Slack answered ${method}: ${error}`;
  if (AUTH_ERRORS.has(error)) throw Object.assign(new NonRetryableError(message), { status: 401, responseBody: body });
  if (TRANSIENT_ERRORS.has(error)) throw Object.assign(new RetryableError(message), { status: 503, responseBody: body });
  throw Object.assign(new NonRetryableError(message), { status: 400, responseBody: body });
}
