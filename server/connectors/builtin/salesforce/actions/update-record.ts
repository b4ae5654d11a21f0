import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { dataPath, fieldValuesSchema, recordIdSchema, sobjectSchema } from "../salesforce.schema";

export const updateRecord = defineAction({
  readOnly: false,
  destructive: true,
  description: "Changes the given fields of a record (PATCH: the others are left as they are).",
  input: z.object({ sobject: sobjectSchema, id: recordIdSchema, fields: fieldValuesSchema }),
  output: z.object({ id: z.string() }),
  async run(ctx, input) {
    await ctx.http.patch(dataPath(`/sobjects/${input.sobject}/${input.id}`), input.fields);
    return { id: input.id };
  },
});
