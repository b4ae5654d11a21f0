import { z } from "zod";

import { isBlobRef } from "@/server/connectors/framework/blobs";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { evaluatePath, isValidPath } from "@/server/engine/paths";
import { parseError } from "../file-input";

const pathSchema = z
  .string()
  .refine((path) => isValidPath(path) === null && !path.startsWith("$$"), { error: "must be a JSONPath into the document, such as $.issue.title" });

const readFieldsInputSchema = z.object({
  /** A stored file (a webhook body too large for a state arrives as one: `$.body`), or a document given inline. */
  source: z.unknown().refine((value) => value !== undefined, { error: "give the document or file to read from" }),
  /** Output key → JSONPath into the document (`{ title: $.issue.title, commits: $.commits.length }`). */
  fields: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "field names are identifiers" }), pathSchema),
});

/** A stored body is parsed as a delivery's is: JSON, form fields, or else it is refused with where it failed. */
function parseStored(name: string, contentType: string, bytes: Buffer): unknown {
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (contentType === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw parseError(`${name} (${contentType}) is not JSON: ${(error as Error).message.replace(/, ".*" is not valid JSON$/s, "")}`);
  }
}

export const readFieldsAction = defineAction({
  readOnly: true,
  description:
    "Reads fields out of a JSON document by JSONPath: a stored file (a webhook body too large for a state reaches the flow as one) or a value given inline. A path that matches nothing gives null.",
  input: readFieldsInputSchema,
  output: z.record(z.string(), z.unknown()),
  async run(ctx, input) {
    let document: unknown = input.source;
    if (isBlobRef(input.source)) {
      const stored = await ctx.blobs.read(input.source);
      document = parseStored(stored.ref.name, stored.ref.contentType, stored.bytes);
    }
    const picked: Record<string, unknown> = {};
    for (const [key, path] of Object.entries(input.fields)) {
      let values: unknown;
      try {
        values = evaluatePath(path, document, undefined);
      } catch {
        values = undefined;
      }
      picked[key] = values === undefined ? null : values;
    }
    return picked;
  },
});
