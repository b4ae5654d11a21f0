import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";

const actorSchema = z.object({ type: z.enum(["api_key", "app", "user"]), id: z.string(), name: z.string() });

export const getMe = defineAction({
  readOnly: true,
  description: "Who the connection acts as: its workspace, and the actor Acme names in the webhooks of changes this connection makes.",
  input: z.object({}),
  output: z.object({ email: z.string(), workspace: z.string(), actor: actorSchema }),
  async run(ctx) {
    return z.object({ email: z.string(), workspace: z.string(), actor: actorSchema }).parse((await ctx.http.get("/me")).body);
  },
});
