import { z } from "zod";

import { defineDataSource } from "@/server/connectors/framework/define-connector";
import { dataPath } from "../salesforce.schema";

const globalSchema = z.object({
  sobjects: z.array(z.object({ name: z.string(), label: z.string(), createable: z.boolean().optional(), queryable: z.boolean().optional() })),
});

export const listObjects = defineDataSource({
  description: "The org's objects that can be queried and created (Account, Opportunity, custom objects…), for choosing what to sync.",
  async run(ctx, { search }) {
    const response = await ctx.http.get(dataPath("/sobjects"));
    const wanted = search?.toLowerCase() ?? "";
    const options = globalSchema
      .parse(response.body)
      .sobjects.filter((object) => object.queryable !== false && object.createable !== false)
      .filter((object) => !wanted || object.name.toLowerCase().includes(wanted) || object.label.toLowerCase().includes(wanted))
      .map((object) => ({ value: object.name, label: `${object.label} (${object.name})` }));
    return { options };
  },
});
