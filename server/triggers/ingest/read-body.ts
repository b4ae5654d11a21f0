/**
 * A delivery's body is read as the exact bytes sent, stopping at the size limit (a declared
 * Content-Length over it is refused before reading): see hook-http.ts and node-hook.ts.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than the ${limitBytes}-byte limit for webhook deliveries`);
    this.name = "BodyTooLargeError";
  }
}
