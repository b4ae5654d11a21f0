/** The ingest's HTTP answers: JSON everywhere, the shared error body for refusals. */
import type { AppErrorCode, ErrorBody } from "@/server/errors";
import type { ChallengeResponse } from "@/server/triggers/verify/verifier";

const noStore = { "Cache-Control": "no-store" };

export function refuse(status: number, code: AppErrorCode, message: string, retryAfterSeconds?: number): Response {
  const body: ErrorBody = { error: { code, message } };
  const headers: Record<string, string> = { ...noStore };
  if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
  return Response.json(body, { status, headers });
}

export function answer(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: noStore });
}

/** The challenge is text the caller chose: never let a browser sniff it into something executable. */
export function challengeResponse(challenge: ChallengeResponse): Response {
  return new Response(challenge.body, {
    status: challenge.status,
    headers: { "Content-Type": challenge.contentType, "X-Content-Type-Options": "nosniff", ...noStore },
  });
}
