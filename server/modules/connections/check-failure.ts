/**
 * When a check of credentials with the provider reaches no verdict — the SSRF guard refused the
 * address, the host did not answer, the answer made no sense — the reason names hosts and
 * addresses. A vendor's member or backend is told it (they can fix an allow-list or a base URL);
 * a customer in the embedded wizard gets a plain sentence and the reason goes to the log, as the
 * OAuth callback does.
 */
import { RetryableError } from "@/server/engine/errors";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";

/** Who asked for the check: the vendor's console or API, or a customer in the embed. */
export type CheckAudience = "vendor" | "customer";

export function checkFailure(connectorName: string, error: unknown, audience: CheckAudience, vendorAnswer: AppError): AppError {
  if (audience === "vendor") return vendorAnswer;
  logger().warn({ connector: connectorName, reason: (error as Error).message }, "credentials check failed");
  if (error instanceof RetryableError)
    return new AppError("SERVICE_UNAVAILABLE", `Could not reach ${connectorName} to check these credentials. Try again in a moment.`);
  return new AppError("UNPROCESSABLE_CONTENT", `Could not check these credentials with ${connectorName}. If this keeps happening, contact support.`, {
    field: "credentials",
  });
}
