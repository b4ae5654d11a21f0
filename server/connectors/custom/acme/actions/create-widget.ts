import { z } from "zod";

import { acmeWidgetSchema, toWidget, widgetSchema } from "@/server/connectors/custom/acme/widget.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const createWidget = defineAction({
  description: "Creates a widget in an Acme project.",
  readOnly: false,
  input: z.object({
    projectId: z.string().min(1),
    name: z.string().min(1).max(200),
    color: z.enum(["red", "green", "blue"]).optional(),
  }),
  output: widgetSchema,
  async run(ctx, input) {
    // Acme deduplicates on Idempotency-Key, so a re-run after a crash does not create a second widget
    // (and the client may retry this POST on a dropped connection).
    const response = await ctx.http.post(
      `/projects/${encodeURIComponent(input.projectId)}/widgets`,
      { name: input.name, color: input.color ?? null },
      { idempotencyKey: true },
    );
    return toWidget(acmeWidgetSchema.parse(response.body));
  },
});
