import { z } from "zod";
import { runtimeConfig } from "@/server/env";
import { loadDataSourceOptions } from "@/server/modules/embed/data-source.service";
import { linkCustomerConnection } from "@/server/modules/embed/embed-connections.service";
import { activateIntegration, deployWizard, saveWizardPage, wizardState } from "@/server/modules/embed/wizard.service";
import { embedProcedure, router } from "../init";
import { configPageOutputSchema, connectionStateSchema, idSchema, instanceStatusSchema, integrationRefSchema, problemSchema } from "./embed-schemas";

const valuesSchema = z.record(z.string(), z.unknown());

/** With the sandbox on, data sources may call the simulated providers this app serves. */
function alwaysAllow(): string[] {
  const config = runtimeConfig();
  if (!config.sandboxEnabled) return [];
  const own = new URL(config.publicUrl);
  return [own.origin, `http://127.0.0.1:${own.port || (own.protocol === "https:" ? 443 : 80)}`];
}

export const embedWizardRouter = router({
  /** Starts (or resumes) the customer's activation of an integration: a `configuring` instance. */
  activate: embedProcedure
    .input(z.object({ integrationKey: z.string().min(1).max(200) }))
    .output(z.object({ instanceId: z.string() }))
    .mutation(({ ctx, input }) => activateIntegration(ctx.session, input.integrationKey)),

  state: embedProcedure
    .input(z.object({ instanceId: idSchema }))
    .output(
      z.object({
        instanceId: z.string(),
        status: instanceStatusSchema,
        statusReason: z.string().nullable(),
        integration: integrationRefSchema,
        version: z.number(),
        pages: z.array(configPageOutputSchema),
        connections: z.array(connectionStateSchema),
        values: z.record(z.string(), z.unknown()),
        secretsSet: z.array(z.string()),
        page: z.number(),
      }),
    )
    .query(({ ctx, input }) => wizardState(ctx.session, input.instanceId)),

  savePage: embedProcedure
    .input(z.object({ instanceId: idSchema, page: z.number().int().min(0), values: valuesSchema, validate: z.boolean() }))
    .output(z.object({ page: z.number(), problems: z.array(problemSchema) }))
    .mutation(({ ctx, input }) => saveWizardPage(ctx.session, input.instanceId, input)),

  dataSource: embedProcedure
    .input(z.object({ instanceId: idSchema, fieldKey: z.string().min(1), search: z.string().max(200).optional(), cursor: z.string().max(2000).optional() }))
    .output(z.object({ options: z.array(z.object({ value: z.string(), label: z.string() })), nextCursor: z.string().optional() }))
    .query(({ ctx, input }) => loadDataSourceOptions(ctx.session, input, { alwaysAllow })),

  /** Ties a connection the customer just authorised in the OAuth popup to this instance. */
  linkConnection: embedProcedure
    .input(z.object({ instanceId: idSchema, connectionKey: z.string().min(1), connectionId: idSchema }))
    .output(connectionStateSchema)
    .mutation(({ ctx, input }) => linkCustomerConnection(ctx.session, input)),

  deploy: embedProcedure
    .input(z.object({ instanceId: idSchema, values: valuesSchema }))
    .output(z.object({ instanceId: z.string(), status: z.enum(["deploying", "active"]), integrationKey: z.string(), version: z.number() }))
    .mutation(({ ctx, input }) => deployWizard(ctx.session, input.instanceId, input.values)),
});
