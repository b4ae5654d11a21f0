import { actionResultSchema, callActionFields, customerActionsSchema, namesOneTarget } from "@/server/api/schemas/actions.schema";
import { idParams } from "@/server/api/schemas/common.schema";
import * as actions from "@/server/api/services/actions";
import { apiKeyProcedure, router } from "../init";

/** The headless API's actions, for TypeScript callers: the same operations as REST. */
export const actionsApiRouter = router({
  list: apiKeyProcedure.input(idParams).output(customerActionsSchema).query(({ ctx, input }) => actions.listActions(ctx.key.organizationId, input.id)),
  run: apiKeyProcedure
    .input(idParams.extend(callActionFields.shape).superRefine(namesOneTarget))
    .output(actionResultSchema)
    .mutation(({ ctx, input: { id, ...body } }) => actions.callAction(ctx.key.organizationId, id, body)),
});
