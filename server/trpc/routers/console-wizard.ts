import { z } from "zod";
import { activateForCustomer, ownerOfInstance } from "@/server/modules/embed/console-acting";
import { sandboxDestinations } from "@/server/modules/embed/data-source-allow";
import { loadDataSourceOptions } from "@/server/modules/embed/data-source.service";
import { linkCustomerConnection } from "@/server/modules/embed/embed-connections.service";
import { deployWizard, saveWizardPage, wizardState } from "@/server/modules/embed/wizard.service";
import { consoleProcedureFor, router } from "../init";
import {
  connectionStateSchema,
  dataSourceInputSchema,
  dataSourceOutputSchema,
  deployInputSchema,
  deployOutputSchema,
  idSchema,
  instanceStatusSchema,
  linkConnectionInputSchema,
  savePageInputSchema,
  savePageOutputSchema,
  wizardStateSchema,
} from "./embed-schemas";

/** Deploying for a customer changes what runs for them: owners and admins only (support reads and replays). */
const deployers = consoleProcedureFor("owner", "admin");

/**
 * The activation wizard inside the console, on a customer's behalf: the embedded wizard's
 * procedures over the same services, with the customer taken from the instance (or named when
 * activating) instead of from an embed session.
 */
export const consoleWizardRouter = router({
  activate: deployers
    .input(z.object({ customerId: idSchema, integrationKey: z.string().min(1).max(200) }))
    .output(z.object({ instanceId: z.string(), status: instanceStatusSchema, inWizard: z.boolean() }))
    .mutation(({ ctx, input }) => activateForCustomer(ctx.actor.organizationId, input.customerId, input.integrationKey)),

  state: deployers
    .input(z.object({ instanceId: idSchema }))
    .output(wizardStateSchema)
    .query(async ({ ctx, input }) => wizardState(await ownerOfInstance(ctx.actor.organizationId, input.instanceId), input.instanceId)),

  savePage: deployers
    .input(savePageInputSchema)
    .output(savePageOutputSchema)
    .mutation(async ({ ctx, input }) => saveWizardPage(await ownerOfInstance(ctx.actor.organizationId, input.instanceId), input.instanceId, input)),

  dataSource: deployers
    .input(dataSourceInputSchema)
    .output(dataSourceOutputSchema)
    .query(async ({ ctx, input }) =>
      loadDataSourceOptions(await ownerOfInstance(ctx.actor.organizationId, input.instanceId), input, { alwaysAllow: sandboxDestinations }),
    ),

  linkConnection: deployers
    .input(linkConnectionInputSchema)
    .output(connectionStateSchema)
    .mutation(async ({ ctx, input }) => linkCustomerConnection(await ownerOfInstance(ctx.actor.organizationId, input.instanceId), input)),

  deploy: deployers
    .input(deployInputSchema)
    .output(deployOutputSchema)
    .mutation(async ({ ctx, input }) => deployWizard(await ownerOfInstance(ctx.actor.organizationId, input.instanceId), input.instanceId, input.values)),
});
