import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const requestInputSchema = z
  .object({
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
    url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
    path: z.string().startsWith("/", { error: "must start with /" }).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    query: z.record(z.string(), z.union([scalar, z.array(scalar)])).optional(),
    /** A string is sent as is (set Content-Type in `headers`); anything else as JSON. */
    body: z.unknown().optional(),
    /** Send the step's idempotency key as `Idempotency-Key`, which also lets a POST be retried. */
    idempotencyKey: z.boolean().optional(),
  })
  .refine((input) => (input.url === undefined) !== (input.path === undefined), { error: "give exactly one of `url` or `path`", path: ["url"] });

const responseOutputSchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

export const requestAction = defineAction({
  description: "Sends an HTTP request with the connection's credentials and answers { status, headers, body }.",
  // Any method to any URL: it may change or delete anything.
  readOnly: false,
  destructive: true,
  input: requestInputSchema,
  output: responseOutputSchema,
  async run(ctx, input) {
    const response = await ctx.http.request({
      method: input.method,
      ...(input.url !== undefined ? { url: input.url } : { path: input.path }),
      headers: input.headers,
      query: input.query,
      ...(typeof input.body === "string" ? { body: input.body } : input.body !== undefined ? { json: input.body } : {}),
      idempotencyKey: input.idempotencyKey,
    });
    return { status: response.status, headers: response.headers, body: response.body };
  },
});
