import { z } from "zod";

import { defineDataSource } from "@/server/connectors/framework/define-connector";

const projectPageSchema = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string() })),
  next_cursor: z.string().nullable().optional(),
});

export const listProjects = defineDataSource({
  description: "The Acme projects the connected account can see, for choosing where widgets go.",
  async run(ctx, { search, cursor }) {
    const response = await ctx.http.get("/projects", { query: { q: search, cursor, limit: 50 } });
    const page = projectPageSchema.parse(response.body);
    return {
      options: page.data.map((project) => ({ value: project.id, label: project.name })),
      ...(page.next_cursor ? { nextCursor: page.next_cursor } : {}),
    };
  },
});
