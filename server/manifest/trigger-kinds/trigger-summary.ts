/**
 * One line saying what started a run, for the lists support people and customers scan: "issue #12
 * opened", "comment on #12 created", "invoice.paid", "scheduled for 09:00 UTC", "started by hand".
 * Each trigger kind says it for its runs (its `label`, `<kind>.kind.ts` here); read from the
 * execution's input (a webhook's `{ body, headers, query }`, a poll's `{ item }`, a schedule's
 * `{ scheduledTime }`) and, for events between flows, the event type. Pure; names no secret.
 */
import { asObject } from "./label-text";
import { triggerKindOf } from "./trigger-kinds";

export function summarizeTrigger(trigger: string, input: unknown, eventType: string | null = null): string {
  const kind = triggerKindOf(trigger);
  if (kind) return kind.label(asObject(input) ?? {}, eventType);
  // Runs no trigger kind starts: a replay of another run, an action called as a tool.
  return trigger;
}
