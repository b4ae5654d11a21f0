import { z } from "zod";

import { acmeWidgetSchema, toWidget, widgetSchema } from "@/server/connectors/custom/acme/widget.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

export const getWidget = defineAction({
  description: "Fetches a widget; answers { found: false } when it does not exist.",
  readOnly: true,
  input: z.object({ widgetId: z.string().min(1) }),
  output: z.union([z.object({ found: z.literal(true), widget: widgetSchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    try {
      const response = await ctx.http.get(`/widgets/${encodeURIComponent(input.widgetId)}`);
      return { found: true as const, widget: toWidget(acmeWidgetSchema.parse(response.body)) };
    } catch (error) {
      // A missing widget is an answer a flow can branch on (Choice), not a failure; other errors stay errors.
      if (isHttpError(error) && error.status === 404) return { found: false as const };
      throw error;
    }
  },
});
