import { z } from "zod";

import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { sandboxNow } from "@/server/sandbox/clock";
import { bearerToken, jsonResponse, matchRoute, readJson, type ApiRoute } from "@/server/sandbox/http";
import { findToken } from "@/server/sandbox/oauth/oauth.repo";
import { authenticateAccessToken, hashSecret } from "@/server/sandbox/oauth/oauth.service";
import { PERSONAL_TOKEN_CLIENT } from "@/server/sandbox/oauth/personal-tokens";
import * as repo from "./acme.repo";
import {
  accountJson,
  ACME_STAGES,
  ACME_WEBHOOK_EVENTS,
  AcmeApiError,
  createAccount,
  createOpportunity,
  newAcmeId,
  opportunityJson,
  updateAccount,
  updateOpportunity,
  type AcmeActor,
} from "./acme.service";

/**
 * The simulated Acme REST API (`/sandbox/acme/api/v1`): an API key in `X-Acme-Key` or an OAuth
 * token as a bearer; every list pages with `limit` and `cursor` (`next_cursor`); errors are
 * `{ error: { code, message } }`. The workspace is the one the credential belongs to.
 */
export const ACME_PROJECTS = [
  { id: "prj_website", name: "Website relaunch" },
  { id: "prj_mobile", name: "Mobile app" },
  { id: "prj_onboarding", name: "Customer onboarding" },
];

interface Ctx {
  request: Request;
  url: URL;
  workspace: string;
  actor: AcmeActor;
  email: string;
}

const fail = (status: number, code: string, message: string) => jsonResponse(status, { error: { code, message } });

async function body<T extends z.ZodType>(ctx: Ctx, schema: T): Promise<z.output<T>> {
  const raw = await readJson(ctx.request);
  if (raw === null) throw new AcmeApiError(400, "invalid_json", "The body is not valid JSON.");
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AcmeApiError(422, "invalid_request", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return parsed.data;
}

function page(ctx: Ctx) {
  const limit = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("limit") ?? 25) || 25));
  return { take: limit + 1, limit, after: ctx.url.searchParams.get("cursor") ?? undefined, externalId: ctx.url.searchParams.get("external_id") ?? undefined };
}

function paged<T extends { id: string }>(rows: T[], limit: number, shape: (row: T) => unknown) {
  const more = rows.length > limit;
  const data = rows.slice(0, limit);
  return jsonResponse(200, { data: data.map(shape), next_cursor: more ? data.at(-1)!.id : null });
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const accountFields = z.object({
  name: text(200),
  industry: optionalText(100),
  phone: optionalText(50),
  website: optionalText(300),
  external_id: optionalText(100),
});
const opportunityFields = z.object({
  name: text(200),
  stage: z.enum(ACME_STAGES),
  amount: z.number().finite().min(0).nullable().optional(),
  close_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected YYYY-MM-DD" })
    .nullable()
    .optional(),
  account_id: optionalText(40),
  external_id: optionalText(100),
});

/** snake_case body fields → the row's fields, only those given (PATCH leaves the rest). */
function accountChange(input: Partial<z.output<typeof accountFields>>) {
  return Object.fromEntries(
    Object.entries({ name: input.name, industry: input.industry, phone: input.phone, website: input.website, externalId: input.external_id }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as Partial<repo.AcmeAccountFields>;
}

function opportunityChange(input: Partial<z.output<typeof opportunityFields>>) {
  return Object.fromEntries(
    Object.entries({
      name: input.name,
      stage: input.stage,
      amount: input.amount,
      closeDate: input.close_date,
      accountId: input.account_id,
      externalId: input.external_id,
    }).filter(([, value]) => value !== undefined),
  ) as Partial<repo.AcmeOpportunityFields>;
}

async function found<T>(row: T | null, what: string, id: string): Promise<T> {
  if (!row) throw new AcmeApiError(404, "not_found", `No ${what} ${id} in this workspace.`);
  return row;
}

const routes: Array<ApiRoute<Ctx>> = [
  { method: "GET", pattern: "/me", handle: async (ctx) => jsonResponse(200, { email: ctx.email, workspace: ctx.workspace, actor: ctx.actor }) },
  {
    method: "GET",
    pattern: "/projects",
    async handle(ctx) {
      const search = ctx.url.searchParams.get("q")?.toLowerCase() ?? "";
      return jsonResponse(200, { data: ACME_PROJECTS.filter((project) => project.name.toLowerCase().includes(search)), next_cursor: null });
    },
  },
  {
    method: "POST",
    pattern: "/projects/:id/widgets",
    async handle(ctx, params) {
      if (!ACME_PROJECTS.some((project) => project.id === params.id)) throw new AcmeApiError(404, "not_found", `No project ${params.id}.`);
      const input = await body(ctx, z.object({ name: text(200), color: z.enum(["red", "green", "blue"]).nullable().optional() }));
      const key = ctx.request.headers.get("idempotency-key");
      const repeat = key ? await repo.findWidgetByIdempotencyKey(ctx.workspace, key) : null;
      const widget =
        repeat ??
        (await repo.insertWidget(ctx.workspace, {
          id: newAcmeId("wdg"),
          projectId: params.id!,
          name: input.name,
          color: input.color ?? null,
          idempotencyKey: key,
        }));
      return jsonResponse(repeat ? 200 : 201, {
        id: widget.id,
        name: widget.name,
        color: widget.color,
        project_id: widget.projectId,
        created_at: widget.createdAt.toISOString(),
      });
    },
  },
  {
    method: "GET",
    pattern: "/widgets/:id",
    async handle(ctx, params) {
      const widget = await found(await repo.findWidget(ctx.workspace, params.id!), "widget", params.id!);
      return jsonResponse(200, {
        id: widget.id,
        name: widget.name,
        color: widget.color,
        project_id: widget.projectId,
        created_at: widget.createdAt.toISOString(),
      });
    },
  },
  {
    method: "GET",
    pattern: "/accounts",
    async handle(ctx) {
      const p = page(ctx);
      return paged(await repo.listAccounts(ctx.workspace, p), p.limit, accountJson);
    },
  },
  {
    method: "POST",
    pattern: "/accounts",
    async handle(ctx) {
      const input = await body(ctx, accountFields);
      const account = await createAccount(ctx.workspace, {
        name: input.name,
        industry: input.industry ?? null,
        phone: input.phone ?? null,
        website: input.website ?? null,
        externalId: input.external_id ?? null,
      });
      return jsonResponse(201, accountJson(account));
    },
  },
  {
    method: "GET",
    pattern: "/accounts/:id",
    handle: async (ctx, params) => jsonResponse(200, accountJson(await found(await repo.findAccount(ctx.workspace, params.id!), "account", params.id!))),
  },
  {
    method: "PATCH",
    pattern: "/accounts/:id",
    async handle(ctx, params) {
      const input = await body(ctx, accountFields.partial());
      return jsonResponse(200, accountJson(await updateAccount(ctx.workspace, params.id!, accountChange(input))));
    },
  },
  {
    method: "GET",
    pattern: "/opportunities",
    async handle(ctx) {
      const p = page(ctx);
      return paged(await repo.listOpportunities(ctx.workspace, p), p.limit, opportunityJson);
    },
  },
  {
    method: "POST",
    pattern: "/opportunities",
    async handle(ctx) {
      const input = await body(ctx, opportunityFields);
      const fields = {
        name: input.name,
        stage: input.stage,
        amount: input.amount ?? null,
        closeDate: input.close_date ?? null,
        accountId: input.account_id ?? null,
        externalId: input.external_id ?? null,
      };
      return jsonResponse(201, opportunityJson(await createOpportunity(ctx.workspace, ctx.actor, fields)));
    },
  },
  {
    method: "GET",
    pattern: "/opportunities/:id",
    handle: async (ctx, params) =>
      jsonResponse(200, opportunityJson(await found(await repo.findOpportunity(ctx.workspace, params.id!), "opportunity", params.id!))),
  },
  {
    method: "PATCH",
    pattern: "/opportunities/:id",
    async handle(ctx, params) {
      const input = await body(ctx, opportunityFields.partial());
      return jsonResponse(200, opportunityJson(await updateOpportunity(ctx.workspace, ctx.actor, params.id!, opportunityChange(input))));
    },
  },
  {
    method: "GET",
    pattern: "/webhooks",
    async handle(ctx) {
      const hooks = await repo.listWebhooks(ctx.workspace);
      return jsonResponse(200, {
        data: hooks.map((hook) => ({ id: hook.id, url: hook.url, events: hook.events, created_at: hook.createdAt.toISOString() })),
        next_cursor: null,
      });
    },
  },
  {
    method: "POST",
    pattern: "/webhooks",
    async handle(ctx) {
      const input = await body(
        ctx,
        z.object({
          url: z.url({ protocol: /^https?$/ }),
          secret: z.string().min(16, { error: "use a secret of at least 16 characters" }),
          events: z.array(z.enum(ACME_WEBHOOK_EVENTS)).min(1),
        }),
      );
      const hook = await repo.insertWebhook(ctx.workspace, { id: newAcmeId("wh"), url: input.url, secret: input.secret, events: input.events });
      return jsonResponse(201, { id: hook.id, url: hook.url, events: hook.events, created_at: hook.createdAt.toISOString() });
    },
  },
  {
    method: "DELETE",
    pattern: "/webhooks/:id",
    async handle(ctx, params) {
      if (!(await repo.deleteWebhook(ctx.workspace, params.id!))) throw new AcmeApiError(404, "not_found", `No webhook ${params.id} in this workspace.`);
      return jsonResponse(204, null);
    },
  },
];

/** The credential: an API key (`X-Acme-Key`, minted on the sandbox page or `POST /sandbox/acme/tokens`) or an OAuth access token. */
async function authenticate(request: Request): Promise<Omit<Ctx, "request" | "url"> | null> {
  const key = request.headers.get("x-acme-key");
  if (key) {
    const hash = hashSecret(key);
    const row = await findToken(hash);
    if (row?.provider !== "acme" || row.clientId !== PERSONAL_TOKEN_CLIENT.acme || row.revokedAt || (row.expiresAt && row.expiresAt <= sandboxNow()))
      return null;
    const account = await findSandboxAccount(row.accountId);
    if (!account?.workspace) return null;
    return {
      workspace: account.workspace,
      email: account.email,
      actor: { type: "api_key", id: `key_${hash.slice(0, 12)}`, name: `API key of ${account.email}` },
    };
  }
  const check = await authenticateAccessToken("acme", bearerToken(request));
  if (!check.ok) return null;
  const account = await findSandboxAccount(check.accountId);
  if (!account?.workspace) return null;
  return { workspace: account.workspace, email: account.email, actor: { type: "app", id: check.clientId, name: `App ${check.clientId}` } };
}

export async function handleAcmeApi(request: Request, path: string): Promise<Response> {
  const who = await authenticate(request);
  if (!who) return fail(401, "unauthorized", "Send a valid API key in X-Acme-Key, or an OAuth access token as a bearer.");
  const ctx: Ctx = { ...who, request, url: new URL(request.url) };
  const match = matchRoute(routes, request.method, path.replace(/\/$/, "") || "/");
  if (match === "methodNotAllowed") return fail(405, "method_not_allowed", `${request.method} is not allowed on ${path}.`);
  if (!match) return fail(404, "not_found", `No such resource: ${path}.`);
  try {
    return await match.route.handle(ctx, match.params);
  } catch (error) {
    if (error instanceof AcmeApiError) return fail(error.status, error.code, error.message);
    throw error;
  }
}
