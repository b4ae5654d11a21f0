/**
 * `Idempotency-Key` on REST creates (as Stripe does): the same key with the same body gets the
 * first answer again (with `Idempotent-Replayed: true`); the same key with another body is a 409.
 * Only successful answers are kept: a request that failed releases its key.
 */
import { createHash } from "node:crypto";
import { AppError } from "@/server/errors";
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  releaseIdempotencyKey,
  storeIdempotentResponse,
  type IdempotencyScope,
} from "@/server/modules/idempotency/idempotency.repo";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (key.length < 1 || key.length > 255) {
    throw new AppError("BAD_REQUEST", "The Idempotency-Key header must be 1–255 characters (a UUID is a good choice).", { field: IDEMPOTENCY_HEADER });
  }
  return key;
}

/** Runs `create` once per key; repeats are answered from the stored response. */
export async function withIdempotency(
  target: IdempotencyScope,
  rawBody: string,
  create: () => Promise<{ status: number; body: unknown }>,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  const requestHash = createHash("sha256").update(rawBody).digest("hex");
  const claimId = await claimIdempotencyKey(target, requestHash);
  if (!claimId) {
    const held = await findIdempotencyKey(target);
    if (!held || held.requestHash !== requestHash) {
      throw new AppError("CONFLICT", "This Idempotency-Key was already used with a different request body; use a new key for a new request.", {
        field: IDEMPOTENCY_HEADER,
      });
    }
    if (held.responseStatus === null) {
      throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry in a moment.", { field: IDEMPOTENCY_HEADER });
    }
    return { status: held.responseStatus, body: held.responseBody, replayed: true };
  }
  try {
    const answer = await create();
    await storeIdempotentResponse(target.organizationId, claimId, answer.status, answer.body);
    return { ...answer, replayed: false };
  } catch (error) {
    await releaseIdempotencyKey(target.organizationId, claimId);
    throw error;
  }
}
