/**
 * `poll`: on a schedule, ask a connector's poller what changed since the saved cursor and start
 * one execution per new item (or batch). How it fires: the per-minute tick queues a poll job per
 * due flow (server/triggers/kinds/poll/poll-tick.ts), the job runs one poll (run-poll.ts) and
 * commits items with the cursor (commit-poll.ts); the cursor lives in poll-state.repo.ts.
 */
import { countOf } from "@/server/text/plural";
import { checkConnectorKey, checkConnectorMember } from "@/server/manifest/connector-checks";
import { checkPayload } from "@/server/manifest/expression-checks";
import { asString } from "@/server/manifest/raw";
import { checkConnectionReference } from "@/server/manifest/reference-checks";
import { asText, short } from "./label-text";
import { defineTriggerKind, type JsonObject } from "./trigger-kind";
import { pollTriggerSchema } from "./poll-trigger.schema";

function pollSummary(input: JsonObject): string {
  const ids = Array.isArray(input.itemIds) ? input.itemIds : null;
  if (ids) return countOf(ids.length, "new item");
  const id = short(asText(input.itemId))?.replace(/@.*$/, "");
  return id ? `new item ${id}` : "new item";
}

export const pollKind = defineTriggerKind({
  type: "poll",
  schema: pollTriggerSchema,
  /** The connection must exist and belong to the poller's connector; the templated params must parse. */
  check(trigger, path, ctx) {
    const connection = asString(trigger.connection);
    checkConnectionReference(connection, [...path, "connection"], ctx);
    const declared = connection === undefined ? undefined : ctx.connections.get(connection);
    const connector = asString(trigger.connector);
    if (declared !== undefined && connector !== undefined && declared !== connector && connector !== "http") {
      ctx.findings.push({
        path: [...path, "connector"],
        message: `connection "${connection}" is a ${declared} connection, but this poller belongs to connector "${connector}"`,
      });
    }
    checkConnectorKey(connector, [...path, "connector"], ctx);
    const poller = asString(trigger.poller);
    if (connector !== undefined && poller !== undefined) checkConnectorMember(connector, poller, "poller", [...path, "poller"], ctx, false);
    checkPayload(trigger.params, [...path, "params"], ctx);
  },
  label: (input) => pollSummary(input),
});
