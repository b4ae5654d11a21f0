import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";
import { dataPath, recordIdSchema, recordSchema, sobjectSchema } from "../salesforce.schema";

export const getRecord = defineAction({
  readOnly: true,
  description: "Reads a record by id, all fields or only `fields`; answers { found: false } when there is none.",
  input: z.object({ sobject: sobjectSchema, id: recordIdSchema, fields: z.array(z.string().min(1)).optional() }),
  output: z.union([z.object({ found: z.literal(true), record: recordSchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    try {
      const response = await ctx.http.get(dataPath(`/sobjects/${input.sobject}/${input.id}`), {
        query: input.fields ? { fields: input.fields.join(",") } : undefined,
      });
      return { found: true as const, record: recordSchema.parse(response.body) };
    } catch (error) {
      // A missing record is an answer a flow branches on; other errors stay errors.
      if (isHttpError(error) && error.status === 404) return { found: false as const };
      throw error;
    }
  },
});
