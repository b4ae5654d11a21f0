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
export async function readSource(
  blobs: BlobStore,
  input: { file?: z.infer<typeof blobRefSchema>; text?: string; encoding: BufferEncoding },
): Promise<{ name: string; text: string }> {
  if (input.text !== undefined) return { name: "text", text: input.text };
  const stored = await blobs.read(input.file!);
  // A UTF-8 byte order mark is not content (Excel writes one).
  return { name: stored.ref.name, text: stored.bytes.toString(input.encoding).replace(/^\uFEFF/, "") };
}

/** A parse failure: not retried (the same bytes fail the same way), Catch-able as Switchyard.ParseError. */
export function parseError(message: string): NonRetryableError {
  return new NonRetryableError(message, { errorName: "Switchyard.ParseError" });
}

/**
 * Parsed items become part of the state's data, which has a size limit (256 KiB); a larger file is
 * read a page at a time: `limit` items from `offset`, and `nextOffset` for the next page (null at the end).
 */
export const pageShape = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100_000).optional(),
};

export const itemsOutputSchema = z.object({
  items: z.array(z.unknown()),
  /** Items in this answer. */
  count: z.number().int(),
  /** Items in the whole file. */
  total: z.number().int(),
  nextOffset: z.number().int().nullable(),
});

export function pageOf(all: unknown[], page: { offset: number; limit?: number | undefined }): z.infer<typeof itemsOutputSchema> {
  const end = page.limit === undefined ? all.length : Math.min(all.length, page.offset + page.limit);
  const items = all.slice(page.offset, end);
  return { items, count: items.length, total: all.length, nextOffset: end < all.length ? end : null };
}

export const fileOutputSchema = z.object({ file: blobRefSchema, rows: z.number().int() });

/** Objects to write out: a list of records (objects) or of rows (arrays). */
export const recordsSchema = z.array(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]), {
  error: "expected an array of objects (records) or of arrays (rows)",
});
