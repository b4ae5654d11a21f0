import { TRPCError } from "@trpc/server";
import type { MemberRole } from "@/server/db/generated/enums";
import { z } from "zod";
import { AppError } from "@/server/errors";
import type { CheckAudience } from "@/server/modules/connections/check-failure";
import { connectWithClientCredentials } from "@/server/modules/connections/client-credentials.service";
import { beginOAuthInputSchema, beginOAuthOutputSchema, connectionSummarySchema } from "@/server/modules/connections/connections.schema";
import { connectionById, connectionsOf, disconnectConnection } from "@/server/modules/connections/connections.service";
import { beginOAuth } from "@/server/modules/connections/oauth-begin.service";
import { credentialConnectSettings, defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";
import { connectWithCredentials } from "@/server/modules/connections/credential-connect.service";
import { typedInMethods } from "@/server/connectors/framework/describe-auth";
import { connectorRegistry } from "@/server/connectors/registry";
import { connectorSchema, createConnectionSchema, toConnector } from "@/server/api/schemas/connections.schema";
import { isEditor, publicProcedure, refuseCrossSiteChange, router } from "../init";

type Caller = { kind: "embed"; organizationId: string; customerId: string } | { kind: "console"; organizationId: string; role: MemberRole };

/**
 * Connections are managed from the embedded wizard (its customer's only) and from the console
 * (any customer of the organization; support reads, owners and admins change).
 */
const connectionsProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  const session = await ctx.embed();
  if (session) return next({ ctx: { ...ctx, caller: { kind: "embed", organizationId: session.organizationId, customerId: session.customerId } as Caller } });
  refuseCrossSiteChange(ctx.headers, type);
  const actor = await ctx.console();
  if (actor) return next({ ctx: { ...ctx, caller: { kind: "console", organizationId: actor.organizationId, role: actor.role } as Caller } });
  throw new TRPCError({ code: "UNAUTHORIZED", message: "Open this from the embedded marketplace, or sign in to the console." });
});

function assertMayChange(caller: Caller): void {
  if (caller.kind === "console" && !isEditor(caller.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This needs the owner or admin role; you are ${caller.role}.` });
  }
}

/** The customer a change is for: the session's own, or (console) the one named or owning the connection. */
async function customerFor(caller: Caller, input: { customerId?: string; connectionId?: string }): Promise<string> {
  if (caller.kind === "embed") return caller.customerId;
  if (input.customerId) return input.customerId;
  if (input.connectionId) return (await connectionById({ organizationId: caller.organizationId }, input.connectionId)).customerId;
  throw new AppError("BAD_REQUEST", "Say which customer this connection is for.", { field: "customerId" });
}

/** Customers in the embed are not told which hosts and addresses a failed credentials check met; the vendor is. */
function audienceOf(caller: Caller): CheckAudience {
  return caller.kind === "embed" ? "customer" : "vendor";
}

function scopeOf(caller: Caller, customerId?: string) {
  return caller.kind === "embed"
    ? { organizationId: caller.organizationId, customerId: caller.customerId }
    : { organizationId: caller.organizationId, customerId };
}

const customerInput = { customerId: z.string().uuid().optional() };

export const connectionsRouter = router({
  /** The connectors a person can connect by typing credentials in, with only those methods and their fields. */
  connectors: connectionsProcedure.output(z.object({ data: z.array(connectorSchema) })).query(() => ({
    data: connectorRegistry
      .list()
      .map((connector) => ({ ...toConnector(connector), authMethods: typedInMethods(connector.auth) }))
      .filter((connector) => connector.authMethods.length > 0),
  })),
  list: connectionsProcedure
    .input(z.object({ ...customerInput, instanceId: z.string().uuid().optional() }).optional())
    .output(z.array(connectionSummarySchema))
    .query(({ ctx, input }) => connectionsOf(scopeOf(ctx.caller, input?.customerId), { instanceId: input?.instanceId })),

  /** Returns a single-use start link for the popup: `window.open(startUrl)`; the result arrives by postMessage. */
  beginOAuth: connectionsProcedure
    .input(beginOAuthInputSchema.extend(customerInput))
    .output(beginOAuthOutputSchema)
    .mutation(async ({ ctx, input }) => {
      assertMayChange(ctx.caller);
      const customerId = await customerFor(ctx.caller, input);
      return beginOAuth({ organizationId: ctx.caller.organizationId, customerId }, input, defaultOAuthSettings());
    }),

  connectClientCredentials: connectionsProcedure
    .input(
      beginOAuthInputSchema.extend({
        ...customerInput,
        clientId: z.string().trim().min(1).max(500).optional(),
        clientSecret: z.string().min(1).max(2000).optional(),
        scopes: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
      }),
    )
    .output(connectionSummarySchema)
    .mutation(async ({ ctx, input }) => {
      assertMayChange(ctx.caller);
      const customerId = await customerFor(ctx.caller, input);
      const saved = await connectWithClientCredentials(
        { organizationId: ctx.caller.organizationId, customerId },
        input,
        defaultOAuthSettings(),
        audienceOf(ctx.caller),
      );
      return connectionSummarySchema.parse(saved);
    }),

  /** A token or login typed in instead of signing in (the "use a token instead" form). */
  connectWithCredentials: connectionsProcedure
    .input(createConnectionSchema.extend(customerInput))
    .output(connectionSummarySchema)
    .mutation(async ({ ctx, input }) => {
      assertMayChange(ctx.caller);
      const customerId = await customerFor(ctx.caller, input);
      return connectWithCredentials({ organizationId: ctx.caller.organizationId, customerId }, input, credentialConnectSettings(), audienceOf(ctx.caller));
    }),

  disconnect: connectionsProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(z.object({ disconnected: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      assertMayChange(ctx.caller);
      await disconnectConnection(scopeOf(ctx.caller), input.id);
      return { disconnected: true as const };
    }),
});
