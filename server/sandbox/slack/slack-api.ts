import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { jsonResponse, readFields } from "@/server/sandbox/http";
import { authenticateAccessToken } from "@/server/sandbox/oauth/oauth.service";
import { handleTokenRequest } from "@/server/sandbox/oauth/token-endpoint";
import { findChannel, listChannels, listMessages } from "@/server/sandbox/slack/slack.repo";
import { postMessage, toSlackMessage } from "@/server/sandbox/slack/slack.service";
import { slackBotId, slackTeamName, slackUserId } from "@/server/sandbox/slack/slack-ids";

/**
 * The simulated Slack Web API (`https://slack.com/api/<method>`). As in Slack, every answer is
 * HTTP 200 with `ok`, errors included (`not_authed`, `invalid_auth`, `token_expired`,
 * `channel_not_found`); arguments come as a query string, a form or JSON.
 */
type Account = NonNullable<Awaited<ReturnType<typeof findSandboxAccount>>>;
interface SlackCtx {
  args: Record<string, string>;
  actor: Account;
  team: string;
  clientId: string;
}

const ok = (body: Record<string, unknown> = {}) => jsonResponse(200, { ok: true, ...body });
const failure = (error: string, extra: Record<string, unknown> = {}) => jsonResponse(200, { ok: false, error, ...extra });

const encodeCursor = (value: string) => Buffer.from(`next:${value}`).toString("base64");
const decodeCursor = (cursor: string | undefined) =>
  cursor
    ? Buffer.from(cursor, "base64")
        .toString("utf8")
        .replace(/^next:/, "")
    : undefined;

function limitOf(args: Record<string, string>, fallback: number, max: number): number {
  const limit = Number.parseInt(args.limit ?? "", 10);
  return Number.isFinite(limit) && limit > 0 ? Math.min(limit, max) : fallback;
}

const methods: Record<string, (ctx: SlackCtx) => Promise<Response>> = {
  "auth.test": async (ctx) =>
    ok({
      url: `https://${slackTeamName(ctx.team).toLowerCase()}.slack.com/`,
      team: slackTeamName(ctx.team),
      user: ctx.actor.login,
      team_id: ctx.team,
      user_id: slackUserId(ctx.actor.id),
      bot_id: slackBotId(ctx.clientId),
      is_enterprise_install: false,
    }),

  "conversations.list": async (ctx) => {
    const limit = limitOf(ctx.args, 100, 1000);
    const includePrivate = (ctx.args.types ?? "public_channel").split(",").includes("private_channel");
    const rows = await listChannels(ctx.team, { afterId: decodeCursor(ctx.args.cursor), take: limit + 1, includePrivate });
    const page = rows.slice(0, limit);
    const channels = page.map((c) => ({
      id: c.id,
      name: c.name,
      is_channel: !c.isPrivate,
      is_group: false,
      is_im: false,
      is_private: c.isPrivate,
      is_archived: false,
      is_general: c.name === "general",
      is_member: true,
      created: Math.floor(c.createdAt.getTime() / 1000),
      topic: { value: c.topic, creator: "", last_set: 0 },
      purpose: { value: c.purpose, creator: "", last_set: 0 },
    }));
    return ok({ channels, response_metadata: { next_cursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : "" } });
  },

  "chat.postMessage": async (ctx) => {
    if (!ctx.args.channel) return failure("channel_not_found");
    const channel = await findChannel(ctx.team, ctx.args.channel);
    if (!channel) return failure("channel_not_found");
    if (!ctx.args.text?.trim()) return failure("no_text");
    const message = await postMessage(channel, { text: ctx.args.text, userId: slackBotId(ctx.clientId).replace(/^B/, "U"), botClientId: ctx.clientId });
    return ok({ channel: channel.id, ts: message.ts, message });
  },

  "conversations.history": async (ctx) => {
    const channel = ctx.args.channel ? await findChannel(ctx.team, ctx.args.channel) : null;
    if (!channel) return failure("channel_not_found");
    const limit = limitOf(ctx.args, 100, 999);
    const rows = await listMessages(channel.id, { before: decodeCursor(ctx.args.cursor) ?? ctx.args.latest, oldest: ctx.args.oldest, take: limit + 1 });
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    return ok({
      messages: page.map((m) => toSlackMessage(m, ctx.team)),
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: hasMore ? encodeCursor(page.at(-1)!.ts) : "" },
    });
  },
};

async function readArgs(request: Request): Promise<Record<string, string>> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return request.method === "GET" ? query : { ...query, ...(await readFields(request)) };
}

/** Answers `/sandbox/slack/api/<method>`, including the OAuth token exchange `oauth.v2.access`. */
export async function handleSlackApi(request: Request, method: string): Promise<Response> {
  if (method === "oauth.v2.access") return handleTokenRequest("slack", request);
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!handler) return jsonResponse(404, { ok: false, error: "unknown_method", req_method: method });
  const args = await readArgs(request);
  const header = /^bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const auth = await authenticateAccessToken("slack", header ?? args.token);
  if (!auth.ok) return failure(auth.reason === "missing" ? "not_authed" : auth.reason === "expired" ? "token_expired" : "invalid_auth");
  const actor = await findSandboxAccount(auth.accountId);
  if (!actor?.workspace) return failure("invalid_auth");
  return handler({ args, actor, team: actor.workspace, clientId: auth.clientId });
}
