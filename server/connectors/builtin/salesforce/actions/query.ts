import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { dataPath, recordSchema } from "../salesforce.schema";

const queryResultSchema = z.object({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(recordSchema) });

export const query = defineAction({
  readOnly: true,
  description: "Runs a SOQL query and answers its records, following the result's pages up to `maxRecords`.",
  input: z.object({ soql: z.string().min(1).max(20_000), maxRecords: z.number().int().min(1).max(2000).default(200) }),
  output: z.object({ totalSize: z.number(), records: z.array(recordSchema), done: z.boolean() }),
  async run(ctx, input) {
    let page = queryResultSchema.parse((await ctx.http.get(dataPath("/query"), { query: { q: input.soql } })).body);
    const records = [...page.records];
    while (!page.done && page.nextRecordsUrl && records.length < input.maxRecords) {
      page = queryResultSchema.parse((await ctx.http.get(page.nextRecordsUrl)).body);
      records.push(...page.records);
    }
    return { totalSize: page.totalSize, records: records.slice(0, input.maxRecords), done: page.done && records.length <= input.maxRecords };
  },
});
