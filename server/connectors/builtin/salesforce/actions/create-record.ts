import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { dataPath, fieldValuesSchema, saveResultSchema, sobjectSchema } from "../salesforce.schema";

export const createRecord = defineAction({
  readOnly: false,
  description: "Creates a record of any sObject (Account, Opportunity…) with the given field values; answers its id.",
  input: z.object({ sobject: sobjectSchema, fields: fieldValuesSchema }),
  output: z.object({ id: z.string() }),
  async run(ctx, input) {
    const response = await ctx.http.post(dataPath(`/sobjects/${input.sobject}`), input.fields);
    return { id: saveResultSchema.parse(response.body).id };
  },
});
