/**
 * Reads a delivery's body as the exact bytes sent, stopping at the size limit: a declared
 * Content-Length over the limit is refused before reading, and a body that grows past it while
 * streaming (chunked, or a lying header) is cut off there, so memory never holds more than the limit.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than the ${limitBytes}-byte limit for webhook deliveries`);
    this.name = "BodyTooLargeError";
  }
}

export async function readLimitedBody(request: Request, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(limitBytes);
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
