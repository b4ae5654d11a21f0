import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { evaluatePath, isValidPath } from "@/server/engine/paths";
import { firstJsonErrorOffset } from "../json-error-position";
import { exactlyOneSource, fileOrTextShape, itemsOutputSchema, pageOf, pageShape, parseError, readSource } from "../file-input";

const parseJsonInputSchema = z
  .object({
    ...fileOrTextShape,
    ...pageShape,
    /** `json`: one document; `jsonl`: one JSON value per line. Default: `jsonl` for .jsonl/.ndjson files, else `json`. */
    format: z.enum(["json", "jsonl"]).optional(),
    /** JSONPath to the items inside the document (`$.data.orders`); default: the document if it is an array, else [document]. */
    itemsPath: z
      .string()
      .refine((path) => isValidPath(path) === null, { error: "must be a JSONPath such as $.data.orders" })
      .optional(),
  })
  .refine(exactlyOneSource.check, exactlyOneSource.error);

/** Line and column of a character offset, for messages people can find in an editor. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** V8's message without the echoed snippet of the input (which may be long, or private). */
function shortMessage(error: unknown): string {
  const message = (error as Error).message;
  if (/^Unexpected end of JSON input/.test(message)) return "the text ends too early";
  return message.replace(/, ".*" is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
}

function parseJsonText(name: string, text: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = firstJsonErrorOffset(text);
    const position = positionOf(text, offset === -1 ? text.length : offset);
    const where = line === undefined ? `line ${position.line}, column ${position.column}` : `line ${line}, column ${position.column}`;
    throw parseError(`${name}: ${where}: invalid JSON: ${shortMessage(error)}`);
  }
}

function parseLines(name: string, text: string): unknown[] {
  const items: unknown[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    items.push(parseJsonText(name, line, index + 1));
  });
  return items;
}

export const parseJsonAction = defineAction({
  description: "Parses a JSON or JSON Lines file (or text) into items; `itemsPath` picks the array inside a document.",
  readOnly: true,
  input: parseJsonInputSchema,
  output: itemsOutputSchema,
  async run(ctx, input) {
    const source = await readSource(ctx.blobs, input);
    const format = input.format ?? (/\.(jsonl|ndjson)$/i.test(source.name) ? "jsonl" : "json");
    if (format === "jsonl") {
      return pageOf(parseLines(source.name, source.text), input);
    }
    const document = parseJsonText(source.name, source.text);
    let selected: unknown = document;
    if (input.itemsPath !== undefined) {
      selected = evaluatePath(input.itemsPath, document, undefined);
      if (selected === undefined) throw parseError(`${source.name}: itemsPath ${input.itemsPath} matched nothing in the document`);
    }
    return pageOf(Array.isArray(selected) ? selected : [selected], input);
  },
});
