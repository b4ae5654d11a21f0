import { z } from "zod";
import { getOrganizationOverview, listMembers } from "@/server/modules/organizations/organizations.repo";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionSettings, saveRetentionDays } from "@/server/modules/retention/retention.service";
import { consoleProcedure, consoleProcedureFor, router } from "../init";

const currentSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.date(),
  retentionDays: z.number(),
  counts: z.object({ members: z.number(), integrations: z.number(), customers: z.number() }),
  you: z.object({ email: z.string(), role: z.string() }),
});
const settingsSchema = z.object({ retentionDays: z.number().int() });

export const organizationRouter = router({
  current: consoleProcedure.output(currentSchema).query(async ({ ctx }) => {
    const org = await getOrganizationOverview(ctx.actor.organizationId);
    return {
      id: org.id,
      name: org.name,
      slug: org.slug,
      createdAt: org.createdAt,
      retentionDays: org.retentionDays,
      counts: { members: org._count.memberships, integrations: org._count.integrations, customers: org._count.customers },
      you: { email: ctx.actor.email, role: ctx.actor.role },
    };
  }),
  settings: consoleProcedure.output(settingsSchema).query(({ ctx }) => retentionSettings(ctx.actor.organizationId)),
  /** How long events, executions and step runs are kept before the retention job deletes them. */
  saveSettings: consoleProcedureFor("owner", "admin")
    .input(z.object({ retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS) }))
    .output(settingsSchema)
    .mutation(({ ctx, input }) => saveRetentionDays(ctx.actor.organizationId, input.retentionDays)),
  members: consoleProcedure
    .output(z.array(z.object({ id: z.string(), role: z.string(), email: z.string(), name: z.string(), createdAt: z.date() })))
    .query(async ({ ctx }) =>
      (await listMembers(ctx.actor.organizationId)).map((m) => ({ id: m.id, role: m.role, email: m.user.email, name: m.user.name, createdAt: m.createdAt })),
    ),
});
