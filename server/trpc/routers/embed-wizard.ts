import { z } from "zod";
import { sandboxDestinations } from "@/server/modules/embed/data-source-allow";
import { loadDataSourceOptions } from "@/server/modules/embed/data-source.service";
import { linkCustomerConnection } from "@/server/modules/embed/embed-connections.service";
import { activateIntegration, deployWizard, saveWizardPage, wizardState } from "@/server/modules/embed/wizard.service";
import { embedProcedure, router } from "../init";
import {
  connectionStateSchema,
  dataSourceInputSchema,
  dataSourceOutputSchema,
  deployInputSchema,
  deployOutputSchema,
  idSchema,
  linkConnectionInputSchema,
  savePageInputSchema,
  savePageOutputSchema,
  wizardStateSchema,
} from "./embed-schemas";

export const embedWizardRouter = router({
  /** Starts (or resumes) the customer's activation of an integration: a `configuring` instance. */
  activate: embedProcedure
    .input(z.object({ integrationKey: z.string().min(1).max(200) }))
    .output(z.object({ instanceId: z.string() }))
    .mutation(({ ctx, input }) => activateIntegration(ctx.session, input.integrationKey)),

  state: embedProcedure
    .input(z.object({ instanceId: idSchema }))
    .output(wizardStateSchema)
    .query(({ ctx, input }) => wizardState(ctx.session, input.instanceId)),

  savePage: embedProcedure
    .input(savePageInputSchema)
    .output(savePageOutputSchema)
    .mutation(({ ctx, input }) => saveWizardPage(ctx.session, input.instanceId, input)),

  dataSource: embedProcedure
    .input(dataSourceInputSchema)
    .output(dataSourceOutputSchema)
    .query(({ ctx, input }) => loadDataSourceOptions(ctx.session, input, { alwaysAllow: sandboxDestinations })),

  /** Ties a connection the customer just authorised in the OAuth popup to this instance. */
  linkConnection: embedProcedure
    .input(linkConnectionInputSchema)
    .output(connectionStateSchema)
    .mutation(({ ctx, input }) => linkCustomerConnection(ctx.session, input)),

  deploy: embedProcedure
    .input(deployInputSchema)
    .output(deployOutputSchema)
    .mutation(({ ctx, input }) => deployWizard(ctx.session, input.instanceId, input.values)),
});
