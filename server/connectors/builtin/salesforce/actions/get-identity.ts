import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";

const userinfoSchema = z.object({
  user_id: z.string(),
  organization_id: z.string(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
});

export const getIdentity = defineAction({
  readOnly: true,
  description:
    "Who the connection acts as: its organization id (what outbound messages of this org carry) and its user id (the LastModifiedById of every change the integration makes).",
  input: z.object({}),
  output: z.object({ organizationId: z.string(), userId: z.string(), username: z.string().nullable(), name: z.string().nullable() }),
  async run(ctx) {
    const me = userinfoSchema.parse((await ctx.http.get("/services/oauth2/userinfo")).body);
    return { organizationId: me.organization_id, userId: me.user_id, username: me.preferred_username ?? null, name: me.name ?? null };
  },
});
