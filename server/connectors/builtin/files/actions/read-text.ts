import { z } from "zod";

import { blobRefSchema } from "@/server/connectors/framework/blobs";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const readTextAction = defineAction({
  description: "Reads a stored file as text (for small files: the text becomes part of the state's data).",
  readOnly: true,
  input: z.object({ file: blobRefSchema, encoding: z.enum(["utf8", "latin1", "utf16le", "base64"]).default("utf8") }),
  output: z.object({ text: z.string(), file: blobRefSchema }),
  async run(ctx, input) {
    const stored = await ctx.blobs.read(input.file);
    return { text: stored.bytes.toString(input.encoding), file: stored.ref };
  },
});
