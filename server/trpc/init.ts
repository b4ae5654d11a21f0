import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { env, publicUrlOf } from "@/server/env";
import { AppError, type AppErrorCode } from "@/server/errors";
import { describeProblems, inputProblems } from "@/server/input-problems";
import { crossSiteReason } from "@/server/http/cross-site";
import { logger } from "@/server/logger";
import type { MemberRole } from "@/server/db/generated/enums";
import type { Context } from "./context";

/** AppError codes are tRPC codes by design; this keeps the two in one table. */
const trpcCode: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNPROCESSABLE_CONTENT: "UNPROCESSABLE_CONTENT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError);
    // Invalid input: a sentence per field (server/input-problems.ts), not zod's JSON issue list.
    // (An answer that failed its own schema is our fault: its issues name internals, so they stay here.)
    const issues = cause instanceof ZodError && !internal ? inputProblems(cause.issues) : undefined;
    const field = cause instanceof AppError ? cause.details.field : issues?.[0]?.path;
    return {
      ...shape,
      message: internal ? "Something went wrong on our side. It has been logged." : issues ? describeProblems(issues) : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, field, issues },
    };
  },
});

/** Turns AppErrors thrown by services into TRPCErrors with the mapped code, and logs the unexpected. */
const errorMapping = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      result.error = new TRPCError({ code: trpcCode[cause.code], message: cause.message, cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger().error({ err: cause ?? result.error, path }, "procedure failed");
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** Changes made with the console's session cookie must come from the console's own pages (CSRF). */
export function refuseCrossSiteChange(headers: Headers, type: "query" | "mutation" | "subscription"): void {
  if (type !== "mutation") return;
  const reason = crossSiteReason(headers, { trustedOrigins: [publicUrlOf(env())] });
  if (reason) throw new TRPCError({ code: "FORBIDDEN", message: `Refused a cross-site request: ${reason}.` });
}

/** Vendor console: a signed-in member of an organization. */
export const consoleProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  refuseCrossSiteChange(ctx.headers, type);
  const actor = await ctx.console();
  if (!actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to the console first." });
  return next({ ctx: { ...ctx, actor } });
});

/** Members who may change things; support reads and replays. */
export function isEditor(role: MemberRole): boolean {
  return role === "owner" || role === "admin";
}

/** Console procedures that change things are limited to these roles (support reads and replays). */
export function consoleProcedureFor(...roles: MemberRole[]) {
  return consoleProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${roles.join(" or ")} role; you are ${ctx.actor.role}.` });
    }
    return next();
  });
}

/** Embedded marketplace: a sealed session for one customer of one organization. */
export const embedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = await ctx.embed();
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "The embed session is missing or has expired. Authenticate again." });
  return next({ ctx: { ...ctx, session } });
});

/** Headless API for vendor backends: an API key scoped to one organization. */
export const apiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const key = await ctx.apiKey();
  if (!key) throw new TRPCError({ code: "UNAUTHORIZED", message: "Send a valid API key as `Authorization: Bearer sy_live_…`." });
  return next({ ctx: { ...ctx, key } });
});
