/**
 * The REST error answer: always `{ error: { code, message, field? } }` (server/errors.ts). A
 * manifest that does not load also lists every problem with its line and column, so CI tools
 * can point at them.
 */
import { ZodError } from "zod";
import { AppError, errorBody } from "@/server/errors";
import { describeProblems, inputProblems } from "@/server/input-problems";
import { logger } from "@/server/logger";
import { ManifestInvalidError } from "@/server/modules/integrations/integrations.service";

/** `Invalid body: Email must be an email address, like name@example.com.` — every problem, a sentence each; `field` is the first. */
export function validationError(error: ZodError, where: "body" | "query" | "path"): AppError {
  const problems = inputProblems(error.issues);
  const field = problems[0]?.path || undefined;
  return new AppError("BAD_REQUEST", `Invalid ${where}: ${describeProblems(problems) || "not valid."}`, { field });
}

export function apiErrorResponse(error: unknown, context: { operation?: string } = {}): Response {
  if (error instanceof ZodError) return apiErrorResponse(validationError(error, "body"), context);
  if (!(error instanceof AppError)) logger().error({ err: error, operation: context.operation }, "REST operation failed");
  const { status, body, headers } = errorBody(error);
  const extra = error instanceof ManifestInvalidError ? { errors: error.errors } : {};
  return Response.json({ error: { ...body.error, ...extra } }, { status, headers });
}
