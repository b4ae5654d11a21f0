import { readLimitedBody } from "@/server/http/read-limited-body";

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

export function readRequestBody(request: Request, limitBytes: number): Promise<Buffer> {
  return readLimitedBody(request, limitBytes, () => new BodyTooLargeError(limitBytes));
}
