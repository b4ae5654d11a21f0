/**
 * One line saying what started a run, for the lists support people and customers scan: "issue #12
 * opened", "comment on #12 created", "invoice.paid", "scheduled for 09:00 UTC", "started by hand".
 * Read from the execution's input (a webhook's `{ body, headers, query }`, a poll's `{ item }`, a
 * schedule's `{ scheduledTime }`) and, for events between flows, the event type. Pure; names no
 * secret (only event names, numbers and short identifiers are taken from a payload).
 */
import { countOf } from "@/server/text/plural";

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const asText = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : typeof value === "number" ? String(value) : undefined);
/** Identifiers and event names only: short, one line. */
const short = (value: string | undefined, max = 48) => (value && value.length <= max && !/\s{2,}|\n/.test(value) ? value : undefined);

function githubSummary(event: string, body: Json): string {
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

function webhookSummary(input: Json, eventType: string | null): string | null {
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

function scheduleSummary(input: Json): string {
  const at = asText(input.scheduledTime);
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime())) return "on its schedule";
  const zone = asText(input.timezone) ?? "UTC";
  try {
    return `scheduled for ${date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone })} ${zone}`;
  } catch {
    return `scheduled for ${date.toISOString().slice(11, 16)} UTC`;
  }
}

function pollSummary(input: Json): string {
  const ids = Array.isArray(input.itemIds) ? input.itemIds : null;
  if (ids) return countOf(ids.length, "new item");
  const id = short(asText(input.itemId))?.replace(/@.*$/, "");
  return id ? `new item ${id}` : "new item";
}

export function summarizeTrigger(trigger: string, input: unknown, eventType: string | null = null): string {
  const data = asObject(input) ?? {};
  switch (trigger) {
    case "webhook":
      return webhookSummary(data, eventType) ?? "webhook delivery";
    case "schedule":
      return scheduleSummary(data);
    case "poll":
      return pollSummary(data);
    case "manual":
      return "started by hand";
    case "instance.deploy":
      return "activation or settings change";
    case "instance.remove":
      return "removal";
    case "event":
      return short(eventType ?? undefined) ? `event ${eventType}` : "event from another flow";
    case "replay":
      return "replay";
    default:
      return trigger;
  }
}
