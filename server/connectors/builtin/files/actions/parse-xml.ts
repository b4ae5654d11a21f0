import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { exactlyOneSource, fileOrTextShape, itemsOutputSchema, pageOf, pageShape, parseError, readSource } from "../file-input";

const parseXmlInputSchema = z
  .object({
    ...fileOrTextShape,
    ...pageShape,
    /**
     * The repeated element, as element names from the root joined by dots (`orders.order`). Each
     * one becomes an item, also when the file holds a single one. Default: the whole document as one item.
     */
    itemsPath: z
      .string()
      .regex(/^[^.\s]+(\.[^.\s]+)*$/, { error: "must be element names joined by dots, such as orders.order" })
      .optional(),
    /** Attributes become keys with this prefix (`@_id`); `ignoreAttributes` drops them. */
    attributePrefix: z.string().default("@_"),
    ignoreAttributes: z.boolean().default(false),
    /** Turn numeric and boolean text into numbers and booleans; off keeps every value as text (safer for ids and zip codes). */
    parseValues: z.boolean().default(false),
  })
  .refine(exactlyOneSource.check, exactlyOneSource.error);

export const parseXmlAction = defineAction({
  description:
    "Parses an XML file (or text) into items: the elements at `itemsPath` (e.g. orders.order) as objects. Malformed XML fails with its line and column.",
  readOnly: true,
  input: parseXmlInputSchema,
  output: itemsOutputSchema,
  async run(ctx, input) {
    const source = await readSource(ctx.blobs, input);
    const verdict = XMLValidator.validate(source.text);
    if (verdict !== true) throw parseError(`${source.name}: line ${verdict.err.line}, column ${verdict.err.col}: invalid XML: ${verdict.err.msg}`);
    const parser = new XMLParser({
      ignoreAttributes: input.ignoreAttributes,
      attributeNamePrefix: input.attributePrefix,
      parseTagValue: input.parseValues,
      parseAttributeValue: input.parseValues,
      // Entities other than the XML built-ins are not expanded (no entity-expansion bombs).
      processEntities: true,
      htmlEntities: false,
      isArray: (_name, jpath) => input.itemsPath !== undefined && jpath === input.itemsPath,
    });
    const document = parser.parse(source.text) as Record<string, unknown>;
    if (input.itemsPath === undefined) return pageOf([document], input);
    let value: unknown = document;
    for (const part of input.itemsPath.split(".")) {
      value = value !== null && typeof value === "object" && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
    }
    return pageOf(value === undefined ? [] : Array.isArray(value) ? value : [value], input);
  },
});
