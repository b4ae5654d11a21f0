/** `manual`: the console or the API starts the flow with a payload (server/triggers/kinds/manual/manual.ts). */
import { z } from "zod";
import { defineTriggerKind } from "./trigger-kind";

export const manualKind = defineTriggerKind({
  type: "manual",
  schema: z.strictObject({ type: z.literal("manual") }),
  label: () => "started by hand",
});
