import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

export const deleteTrigger = defineAction({
  description: "Deletes a trigger; { deleted: false } when it was already gone.",
  readOnly: false,
  destructive: true,
  input: z.object({ triggerId: z.coerce.number().int().positive() }),
  output: z.object({ deleted: z.boolean() }),
  async run(ctx, input) {
    try {
      await ctx.http.delete(`/api/v2/triggers/${input.triggerId}`);
      return { deleted: true };
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return { deleted: false };
      throw error;
    }
  },
});
