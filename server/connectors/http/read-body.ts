import { NonRetryableError } from "@/server/engine/errors";
import { readLimitedBody } from "@/server/http/read-limited-body";

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(host: string, limit: number): NonRetryableError {
  return new NonRetryableError(`the response from ${host} is larger than the ${formatBytes(limit)} limit; it was not read`);
}

/** A response body, at most `limit` bytes (see server/http/read-limited-body.ts). */
export function readResponseBody(response: Response, limit: number, host: string): Promise<Uint8Array> {
  return readLimitedBody(response, limit, () => tooLarge(host, limit));
}
