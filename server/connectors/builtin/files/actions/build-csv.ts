import { stringify } from "csv-stringify/sync";
import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { fileOutputSchema, recordsSchema } from "../file-input";

const columnSchema = z.union([z.string().min(1), z.object({ key: z.string().min(1), header: z.string().optional() })]);

const buildCsvInputSchema = z.object({
  items: recordsSchema,
  /** Which fields, in which order, under which heading; default: every key of the records, in first-seen order. Dots reach into nested objects (`requester.email`). */
  columns: z.array(columnSchema).min(1).optional(),
  header: z.boolean().default(true),
  delimiter: z.string().min(1).max(4).default(","),
  /** `auto` quotes only fields that need it (delimiter, quote, line break); `all` quotes every field. */
  quoting: z.enum(["auto", "all"]).default("auto"),
  quote: z.string().length(1).default('"'),
  /** RFC 4180 says CRLF; most tools read either. */
  lineEnding: z.enum(["lf", "crlf"]).default("lf"),
  /** Start with a UTF-8 byte order mark, so Excel reads accents right. */
  bom: z.boolean().default(false),
  name: z.string().min(1).default("export.csv"),
});

function valueAt(record: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(record, key)) return record[key];
  let value: unknown = record;
  for (const part of key.split(".")) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Cells are text: objects and arrays as JSON, dates as ISO strings, null and missing as empty. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

function keysOf(items: Array<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const item of items) for (const key of Object.keys(item)) keys.add(key);
  return [...keys];
}

export const buildCsvAction = defineAction({
  description: "Builds a CSV file from an array of records (or rows) and stores it; answers { file, rows }.",
  readOnly: false,
  input: buildCsvInputSchema,
  output: fileOutputSchema,
  async run(ctx, input) {
    const arrays = input.items.filter(Array.isArray);
    const records = input.items.filter((item): item is Record<string, unknown> => !Array.isArray(item));
    let rows: string[][];
    let headings: string[] | undefined;
    if (arrays.length > 0 && records.length > 0) throw new Error("items mixes records (objects) and rows (arrays); give one kind");
    if (arrays.length > 0) {
      rows = arrays.map((row) => row.map(cell));
      headings = input.columns?.map((column) => (typeof column === "string" ? column : (column.header ?? column.key)));
    } else {
      const columns = (input.columns ?? keysOf(records)).map((column) =>
        typeof column === "string" ? { key: column, header: column } : { key: column.key, header: column.header ?? column.key },
      );
      rows = records.map((record) => columns.map((column) => cell(valueAt(record, column.key))));
      headings = columns.map((column) => column.header);
    }
    const text = stringify(input.header && headings ? [headings, ...rows] : rows, {
      delimiter: input.delimiter,
      quote: input.quote,
      quoted: input.quoting === "all",
      // Quote empty cells too when quoting all, so "" and a missing value look alike everywhere.
      quoted_empty: input.quoting === "all",
      record_delimiter: input.lineEnding === "crlf" ? "windows" : "unix",
    });
    const bytes = Buffer.from((input.bom ? "\uFEFF" : "") + text, "utf8");
    const file = await ctx.blobs.put({ name: input.name, contentType: "text/csv", bytes });
    return { file, rows: rows.length };
  },
});
