/**
 * Every trigger kind, each declared in its own file here (trigger-kind.ts says what a declaration
 * holds). The manifest's trigger schema (server/manifest/trigger.schema.ts), its static checks
 * (server/manifest/static-checks.ts) and the run lists' labels (trigger-summary.ts) are derived
 * from this list; adding a kind is its declaration, one line here, and its runtime half in
 * server/triggers/kinds/<kind>/ (with one line in server/triggers/kinds/trigger-tasks.ts when it
 * needs the worker).
 */
import { eventKind } from "./event.kind";
import { deployKind, removeKind } from "./lifecycle.kind";
import { manualKind } from "./manual.kind";
import { pollKind } from "./poll.kind";
import { scheduleKind } from "./schedule.kind";
import { toolKind } from "./tool.kind";
import type { TriggerKind } from "./trigger-kind";
import { webhookKind } from "./webhook.kind";

export const TRIGGER_KINDS = [webhookKind, scheduleKind, deployKind, removeKind, manualKind, eventKind, pollKind, toolKind] as const;

const byType = new Map<string, TriggerKind>(TRIGGER_KINDS.map((kind) => [kind.type, kind as TriggerKind]));

/** The kind of a manifest trigger type, or of an execution's `trigger`; undefined for others (`replay`, `action`, a typo). */
export function triggerKindOf(type: unknown): TriggerKind | undefined {
  return typeof type === "string" ? byType.get(type) : undefined;
}
