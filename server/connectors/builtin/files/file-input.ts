import { z } from "zod";

import { blobRefSchema, type BlobStore } from "@/server/connectors/framework/blobs";
import { NonRetryableError } from "@/server/engine/errors";

/** Parsers read either a stored file (`file: { $blob }`) or text given inline (`text`). */
export const fileOrTextShape = {
  file: blobRefSchema.optional(),
  text: z.string().optional(),
  encoding: z.enum(["utf8", "latin1", "utf16le"]).default("utf8"),
};

export const exactlyOneSource = {
  check: (input: { file?: unknown; text?: unknown }) => (input.file === undefined) !== (input.text === undefined),
  error: { error: "give exactly one of `file` (a file reference) or `text`", path: ["file"] as PropertyKey[] },
};

/** The document's text and a name for error messages ("orders.csv", or "text" for inline input). */
export async function readSource(blobs: BlobStore, input: { file?: z.infer<typeof blobRefSchema>; text?: string; encoding: BufferEncoding }): Promise<{ name: string; text: string }> {
  if (input.text !== undefined) return { name: "text", text: input.text };
  const stored = await blobs.read(input.file!);
  // A UTF-8 byte order mark is not content (Excel writes one).
  return { name: stored.ref.name, text: stored.bytes.toString(input.encoding).replace(/^\uFEFF/, "") };
}

/** A parse failure: not retried (the same bytes fail the same way), Catch-able as Switchyard.ParseError. */
export function parseError(message: string): NonRetryableError {
  return new NonRetryableError(message, { errorName: "Switchyard.ParseError" });
}

export const itemsOutputSchema = z.object({ items: z.array(z.unknown()), count: z.number().int() });

export const fileOutputSchema = z.object({ file: blobRefSchema, rows: z.number().int() });

/** Objects to write out: a list of records (objects) or of rows (arrays). */
export const recordsSchema = z.array(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]), {
  error: "expected an array of objects (records) or of arrays (rows)",
});
