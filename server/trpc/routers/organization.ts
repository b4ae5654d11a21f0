import { z } from "zod";
import { getOrganizationOverview, listMembers } from "@/server/modules/organizations/organizations.repo";
import { consoleProcedure, router } from "../init";

export const organizationRouter = router({
  current: consoleProcedure.query(async ({ ctx }) => {
    const org = await getOrganizationOverview(ctx.actor.organizationId);
    return {
      id: org.id,
      name: org.name,
      slug: org.slug,
      createdAt: org.createdAt,
      counts: { members: org._count.memberships, integrations: org._count.integrations, customers: org._count.customers },
      you: { email: ctx.actor.email, role: ctx.actor.role },
    };
  }),
  members: consoleProcedure
    .output(z.array(z.object({ id: z.string(), role: z.string(), email: z.string(), name: z.string(), createdAt: z.date() })))
    .query(async ({ ctx }) =>
      (await listMembers(ctx.actor.organizationId)).map((m) => ({ id: m.id, role: m.role, email: m.user.email, name: m.user.name, createdAt: m.createdAt })),
    ),
});
