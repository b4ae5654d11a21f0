/**
 * `webhook`: a provider delivers to the flow's endpoint URL (`/api/hooks/<token>`). How it fires is
 * the ingest (server/triggers/ingest: verify with server/verify, `match`, dedupe, record and start
 * in one statement); endpoints live in server/modules/endpoints.
 */
import { z } from "zod";
import { eventMatchSchema } from "@/server/engine/definition.schema";
import { checkMatchKeys } from "@/server/manifest/expression-checks";
import { checkDedupe, checkVerify } from "@/server/manifest/reference-checks";
import { dedupeSchema, verifySchema } from "@/server/manifest/verify.schema";
import { asObject, asText, short } from "./label-text";
import { defineTriggerKind, type JsonObject } from "./trigger-kind";

/** Run the flow inside the request and answer with its output; past the timeout, answer 202. */
const syncSchema = z.strictObject({ timeoutMs: z.int().min(100).max(60_000).default(10_000) });

const webhookTriggerSchema = z.strictObject({
  type: z.literal("webhook"),
  verify: verifySchema.optional(),
  match: eventMatchSchema.optional(),
  dedupe: dedupeSchema.optional(),
  sync: syncSchema.optional(),
});

function githubSummary(event: string, body: JsonObject): string {
  const action = asText(body.action);
  const issue = asObject(body.issue);
  const pull = asObject(body.pull_request);
  const number = asText(issue?.number ?? pull?.number ?? body.number);
  const with_ = (what: string) => [what, action].filter(Boolean).join(" ");
  switch (event) {
    case "issues":
      return with_(`issue #${number ?? "?"}`);
    case "issue_comment":
      return with_(`comment on #${number ?? "?"}`);
    case "pull_request":
      return with_(`pull request #${number ?? "?"}`);
    case "pull_request_review":
      return with_(`review on #${number ?? "?"}`);
    case "push": {
      const ref = short(asText(body.ref))?.replace(/^refs\/(heads|tags)\//, "");
      return ref ? `push to ${ref}` : "push";
    }
    case "ping":
      return "ping from GitHub";
    default:
      return with_(event.replace(/_/g, " "));
  }
}

function webhookSummary(input: JsonObject, eventType: string | null): string | null {
  const headers = asObject(input.headers) ?? {};
  const body = asObject(input.body) ?? {};
  const githubEvent = short(asText(headers["x-github-event"]));
  if (githubEvent) return githubSummary(githubEvent, body);
  // Stripe, Svix, Standard Webhooks, Shopify, SendGrid and most others name the event in the body or a header.
  const topic = short(asText(headers["x-shopify-topic"]));
  if (topic) return topic;
  const slackEvent = short(asText(asObject(body.event)?.type));
  if (slackEvent) return slackEvent.replace(/_/g, " ");
  const type = short(asText(body.type ?? body.event_type ?? body.event ?? eventType ?? undefined));
  const ticket = asObject(body.ticket);
  const ticketId = short(asText(ticket?.id));
  if (ticketId) return [type, `ticket #${ticketId}`, short(asText(body.action))].filter(Boolean).join(" · ");
  const action = short(asText(body.action));
  if (type && action) return `${type} ${action}`;
  return type ?? action ?? null;
}

export const webhookKind = defineTriggerKind({
  type: "webhook",
  schema: webhookTriggerSchema,
  check(trigger, path, ctx) {
    checkVerify(trigger.verify, [...path, "verify"], ctx);
    checkMatchKeys(trigger.match, [...path, "match"], ctx);
    checkDedupe(trigger.dedupe, [...path, "dedupe"], ctx);
  },
  concurrencyConflict: (trigger) =>
    trigger.sync !== undefined
      ? "a synchronous flow (trigger.sync) answers its caller while it runs and cannot wait for a turn; remove sync or concurrency"
      : null,
  label: (input, eventType) => webhookSummary(input, eventType) ?? "webhook delivery",
});
