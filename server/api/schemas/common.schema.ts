import { z } from "zod";

export const isoDate = z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp");
export const idSchema = z.uuid();
export const idParams = z.object({ id: z.uuid({ message: "must be an id (UUID)" }) });

export const errorSchema = z.object({
  error: z.object({
    code: z.enum([
      "BAD_REQUEST",
      "UNAUTHORIZED",
      "FORBIDDEN",
      "NOT_FOUND",
      "CONFLICT",
      "PAYLOAD_TOO_LARGE",
      "UNPROCESSABLE_CONTENT",
      "TOO_MANY_REQUESTS",
      "INTERNAL_SERVER_ERROR",
      "SERVICE_UNAVAILABLE",
    ]),
    message: z.string(),
    field: z.string().optional().describe("The input field at fault, when there is one"),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() }))
      .optional()
      .describe("Every problem of a manifest that does not load, with its line and column"),
  }),
});

export const toIso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
