/**
 * `instance.deploy` and `instance.remove`: flows that run when an instance is activated (and,
 * with `onChange`, after each change of its settings or version) or removed. How they fire: the
 * transaction that changes the instance's status starts them (server/modules/instances/lifecycle-flows.ts,
 * which the instance services call, so it stays beside them), and their final commit queues the
 * settle task (server/triggers/kinds/lifecycle/lifecycle.tasks.ts) that moves the instance on.
 */
import { z } from "zod";
import type { RawRecord } from "@/server/manifest/raw";
import { defineTriggerKind } from "./trigger-kind";

const deployTriggerSchema = z.strictObject({
  type: z.literal("instance.deploy"),
  /**
   * Also run after every change of the instance's settings or version, so what the flow set up at
   * a provider follows the change. Only for flows that are safe to run again (they replace what
   * their previous run registered instead of adding a second one).
   */
  onChange: z.boolean().optional(),
});
const removeTriggerSchema = z.strictObject({ type: z.literal("instance.remove") });

const runsOncePerChange = (trigger: RawRecord) =>
  `an ${String(trigger.type)} flow runs once per change of its instance and cannot wait for a turn; remove concurrency or use parallel`;

export const deployKind = defineTriggerKind({
  type: "instance.deploy",
  schema: deployTriggerSchema,
  concurrencyConflict: runsOncePerChange,
  label: () => "activation or settings change",
});

export const removeKind = defineTriggerKind({
  type: "instance.remove",
  schema: removeTriggerSchema,
  concurrencyConflict: runsOncePerChange,
  label: () => "removal",
});
