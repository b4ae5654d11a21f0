import { STATUS_CODES } from "node:http";

import { NonRetryableError, RetryAfterError, RetryableError } from "@/server/engine/errors";

const MAX_MESSAGE_LENGTH = 300;

/** The fields APIs put their human-readable error in (GitHub, Stripe, Slack, OAuth, RFC 9457 problem+json…). */
function messageFromJson(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  if (typeof body !== "object" || body === null) return undefined;
  // Salesforce answers a list: [{ message, errorCode, fields }].
  if (Array.isArray(body)) return body.length > 0 ? messageFromJson(body[0]) : undefined;
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === "object" && nested !== null && typeof (nested as { message?: unknown }).message === "string") {
    return (nested as { message: string }).message;
  }
  for (const field of ["message", "error_description", "detail", "title", "error", "description"]) {
    if (typeof record[field] === "string" && record[field] !== "") return record[field] as string;
  }
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const first = record.errors[0] as unknown;
    return typeof first === "string" ? first : messageFromJson(first);
  }
  return undefined;
}

/** The provider's own explanation of a failed response, shortened for an error message. */
export function providerMessage(body: unknown): string | undefined {
  const message = messageFromJson(body)?.trim();
  if (!message) return undefined;
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

export function describeStatus(status: number, statusText: string): string {
  return `${status} ${statusText || STATUS_CODES[status] || ""}`.trim();
}

/** Raised for a non-2xx answer; carries the status and body so connector code can branch on them. */
export interface HttpErrorDetails {
  status: number;
  responseBody: unknown;
}

/**
 * Maps a non-2xx response to a flow-runtime error: 4xx (but 408/429) cannot be fixed by retrying,
 * 408/429/5xx can — with the server's Retry-After when it gave one, so the flow's Retry waits that long.
 */
export function httpStatusError(
  provider: string,
  status: number,
  statusText: string,
  body: unknown,
  retryAfterMs: number | undefined,
): Error & HttpErrorDetails {
  const detail = providerMessage(body);
  const message = `${provider} answered ${describeStatus(status, statusText)}${detail ? `: ${detail}` : ""}`;
  const retryable = status === 408 || status === 429 || status >= 500;
  const error = !retryable
    ? new NonRetryableError(message)
    : retryAfterMs !== undefined
      ? new RetryAfterError(Math.ceil(retryAfterMs / 1000), message)
      : new RetryableError(message);
  return Object.assign(error, { status, responseBody: body });
}

export function isHttpError(error: unknown): error is Error & HttpErrorDetails {
  return error instanceof Error && typeof (error as Partial<HttpErrorDetails>).status === "number";
}
