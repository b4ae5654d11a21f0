/**
 * The REST error answer: always `{ error: { code, message, field? } }` (server/errors.ts). A
 * manifest that does not load also lists every problem with its line and column, so CI tools
 * can point at them.
 */
import { ZodError } from "zod";
import { AppError, errorBody } from "@/server/errors";
import { logger } from "@/server/logger";
import { ManifestInvalidError } from "@/server/modules/integrations/integrations.service";
import { countOf } from "@/server/text/plural";

export function validationError(error: ZodError, where: "body" | "query" | "path"): AppError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const others = error.issues.length > 1 ? ` (and ${countOf(error.issues.length - 1, "more problem", "more problems")})` : "";
  return new AppError("BAD_REQUEST", `Invalid ${where}: ${field ? `${field}: ` : ""}${issue?.message ?? "invalid"}${others}`, { field });
}

export function apiErrorResponse(error: unknown, context: { operation?: string } = {}): Response {
  if (error instanceof ZodError) return apiErrorResponse(validationError(error, "body"), context);
  if (!(error instanceof AppError)) logger().error({ err: error, operation: context.operation }, "REST operation failed");
  const { status, body, headers } = errorBody(error);
  const extra = error instanceof ManifestInvalidError ? { errors: error.errors } : {};
  return Response.json({ error: { ...body.error, ...extra } }, { status, headers });
}
