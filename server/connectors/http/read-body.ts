import { NonRetryableError } from "@/server/engine/errors";

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(host: string, limit: number): NonRetryableError {
  return new NonRetryableError(`the response from ${host} is larger than the ${formatBytes(limit)} limit; it was not read`);
}

/**
 * Reads a response body without ever holding more than `limit` bytes: a hostile or broken server could
 * otherwise stream gigabytes into the worker. Content-Length is checked first, then every chunk.
 */
export async function readLimitedBody(response: Response, limit: number, host: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(host, limit);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(host, limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
