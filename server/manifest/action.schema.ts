import { z } from "zod";

import { referenceKeySchema } from "@/server/manifest/common.schema";

/**
 * HTTP action definitions, like ZIS `ZIS::Action::Http`: a state runs one with `Action: <key>`, and
 * the state's `Parameters` become the action's input. Any property whose name ends in `.$` is a
 * JSONPath or intrinsic (`States.Format(...)`) evaluated against that input.
 */
function exactlyOne(names: string[], ctx: z.RefinementCtx, value: Record<string, unknown>, what: string) {
  const given = names.filter((name) => value[name] !== undefined);
  if (given.length !== 1) {
    const list = names.map((name) => `\`${name}\``).join(", ");
    const message = given.length === 0 ? `${what}: give one of ${list}` : `${what}: give only one of ${given.map((n) => `\`${n}\``).join(", ")}`;
    ctx.addIssue({ code: "custom", message });
  }
}

/** `{ key: X-Ticket-Id, "value.$": $.ticketId }` or a fixed `value`. */
const keyValueSchema = z
  .strictObject({ key: z.string().min(1), value: z.string().optional(), "value.$": z.string().min(1).optional() })
  .superRefine((pair, ctx) => exactlyOne(["value", "value.$"], ctx, pair, "each entry needs a value"));

export const httpActionSchema = z
  .strictObject({
    description: z.string().optional(),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    /** An absolute URL. */
    url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
    "url.$": z.string().min(1).optional(),
    /** A path below the connection's base URL (the connector knows it, e.g. https://<subdomain>.zendesk.com). */
    path: z.string().startsWith("/", { error: "must start with /" }).optional(),
    "path.$": z.string().min(1).optional(),
    headers: z.array(keyValueSchema).optional(),
    query: z.array(keyValueSchema).optional(),
    requestBody: z.unknown().optional(),
    /** Whose credentials sign the request; required with `path`. */
    connection: referenceKeySchema.optional(),
  })
  .superRefine((action, ctx) => {
    exactlyOne(["url", "url.$", "path", "path.$"], ctx, action, "the request target is missing or ambiguous");
    if ((action.path !== undefined || action["path.$"] !== undefined) && action.connection === undefined) {
      ctx.addIssue({ code: "custom", path: ["connection"], message: "a `path` is relative to a connection's base URL: name the `connection`" });
    }
  });

export const actionsSchema = z.record(referenceKeySchema, httpActionSchema);

export type HttpAction = z.infer<typeof httpActionSchema>;
