import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { fileOutputSchema } from "../file-input";

export const buildJsonLinesAction = defineAction({
  description: "Builds a JSON Lines file (one JSON value per line) from an array and stores it; answers { file, rows }.",
  readOnly: false,
  input: z.object({
    items: z.array(z.unknown()),
    name: z.string().min(1).default("export.jsonl"),
  }),
  output: fileOutputSchema,
  async run(ctx, input) {
    const text = input.items.map((item) => JSON.stringify(item ?? null)).join("\n");
    const bytes = Buffer.from(input.items.length > 0 ? `${text}\n` : "", "utf8");
    const file = await ctx.blobs.put({ name: input.name, contentType: "application/x-ndjson", bytes });
    return { file, rows: input.items.length };
  },
});
