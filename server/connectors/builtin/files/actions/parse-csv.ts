import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { exactlyOneSource, fileOrTextShape, itemsOutputSchema, pageOf, pageShape, parseError, readSource } from "../file-input";

const parseCsvInputSchema = z
  .object({
    ...fileOrTextShape,
    ...pageShape,
    /** `true`: the first line names the columns and each row becomes an object; a list names them; `false`: rows stay arrays. */
    columns: z.union([z.boolean(), z.array(z.string().min(1)).min(1)]).default(true),
    delimiter: z.string().min(1).max(4).default(","),
    quote: z.string().length(1).default('"'),
    trim: z.boolean().default(false),
    skipEmptyLines: z.boolean().default(true),
    /** Lines starting with this character are comments. */
    comment: z.string().length(1).optional(),
    /** Rows with fewer or more fields than the header are an error unless this is on. */
    relaxColumnCount: z.boolean().default(false),
  })
  .refine(exactlyOneSource.check, exactlyOneSource.error);

export const parseCsvAction = defineAction({
  description: "Parses a CSV file (or text) into items: objects keyed by the header row, or arrays. A malformed row fails with its line number.",
  readOnly: true,
  input: parseCsvInputSchema,
  output: itemsOutputSchema,
  async run(ctx, input) {
    const source = await readSource(ctx.blobs, input);
    let items: unknown[];
    try {
      items = parse(source.text, {
        columns: input.columns,
        delimiter: input.delimiter,
        quote: input.quote,
        trim: input.trim,
        skip_empty_lines: input.skipEmptyLines,
        relax_column_count: input.relaxColumnCount,
        bom: true,
        ...(input.comment ? { comment: input.comment } : {}),
      }) as unknown[];
    } catch (error) {
      if (error instanceof CsvError) throw parseError(`${source.name}: line ${error.lines}: ${describeCsvError(error)}`);
      throw error;
    }
    return pageOf(items, input);
  },
});

/** csv-parse's message without its own "on line N" / "at line N" (we lead with the line), record number added when known. */
function describeCsvError(error: CsvError): string {
  const message = error.message.replace(/\s+(on|at) line \d+/, "");
  const records = (error as CsvError & { records?: number }).records;
  return typeof records === "number" ? `${message} (record ${records + 1})` : message;
}
