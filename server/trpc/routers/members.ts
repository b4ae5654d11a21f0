import { z } from "zod";
import { addMemberWithPassword, memberRoleSchema, membersOf, newMemberSchema, removeMember, setMemberRole } from "@/server/modules/members/members.service";
import { consoleProcedure, consoleProcedureFor, router } from "../init";

const memberSchema = z.object({ id: z.string(), userId: z.string(), email: z.string(), name: z.string(), role: memberRoleSchema, createdAt: z.string() });
const owners = consoleProcedureFor("owner");
const done = z.object({ ok: z.literal(true) });

export const membersRouter = router({
  list: consoleProcedure.output(z.array(memberSchema)).query(({ ctx }) => membersOf(ctx.actor.organizationId)),
  add: owners
    .input(newMemberSchema)
    .output(memberSchema)
    .mutation(({ ctx, input }) => addMemberWithPassword(ctx.actor.organizationId, input)),
  changeRole: owners
    .input(z.object({ membershipId: z.uuid(), role: memberRoleSchema }))
    .output(done)
    .mutation(async ({ ctx, input }) => {
      await setMemberRole(ctx.actor.organizationId, input.membershipId, input.role);
      return { ok: true as const };
    }),
  remove: owners
    .input(z.object({ membershipId: z.uuid() }))
    .output(done)
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.actor.organizationId, input.membershipId);
      return { ok: true as const };
    }),
});
