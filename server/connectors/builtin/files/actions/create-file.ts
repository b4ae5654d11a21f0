import { z } from "zod";

import { blobRefSchema } from "@/server/connectors/framework/blobs";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const createFileAction = defineAction({
  description: "Stores text (or base64 bytes) as a file; answers { file } to hand to an upload or an email attachment.",
  readOnly: false,
  input: z.object({
    name: z.string().min(1),
    content: z.string(),
    encoding: z.enum(["utf8", "base64"]).default("utf8"),
    /** Default: from the name's extension. */
    contentType: z.string().min(1).optional(),
  }),
  output: z.object({ file: blobRefSchema }),
  async run(ctx, input) {
    const bytes = Buffer.from(input.content, input.encoding);
    return { file: await ctx.blobs.put({ name: input.name, bytes, ...(input.contentType ? { contentType: input.contentType } : {}) }) };
  },
});
