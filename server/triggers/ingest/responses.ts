/** The ingest's HTTP answers: JSON everywhere, the shared error body for refusals. */
import type { AppErrorCode, ErrorBody } from "@/server/errors";
import type { ChallengeResponse } from "@/server/verify/verifier";
import type { HookAnswer } from "@/server/http/hook-http";

const JSON_TYPE = "application/json";

export function refuse(status: number, code: AppErrorCode, message: string, retryAfterSeconds?: number): HookAnswer {
  const body: ErrorBody = { error: { code, message } };
  const headers: Record<string, string> = { "Content-Type": JSON_TYPE, "Cache-Control": "no-store" };
  if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
  return { status, headers, body: JSON.stringify(body) };
}

export function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): HookAnswer {
  return { status, headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...headers }, body: JSON.stringify(body) };
}

/** The challenge is text the caller chose: never let a browser sniff it into something executable. */
export function challengeResponse(challenge: ChallengeResponse): HookAnswer {
  return {
    status: challenge.status,
    headers: { "Content-Type": challenge.contentType, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
    body: challenge.body,
  };
}
