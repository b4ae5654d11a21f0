/**
 * Reads a request's or response's body without ever holding more than `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a body that grows past it while
 * streaming (chunked, or a lying header) is cut off there. Used for incoming webhook deliveries
 * and for responses of outgoing HTTP calls; each caller says what error "too large" means to it.
 */
export async function readLimitedBody(
  message: { headers: Headers; body: ReadableStream<Uint8Array> | null },
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const declared = Number(message.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await message.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!message.body) return Buffer.alloc(0);
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
