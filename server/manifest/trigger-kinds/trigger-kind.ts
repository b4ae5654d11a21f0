/**
 * The contract every trigger kind meets: its declaration, one file here (`<kind>.kind.ts`), listed
 * in trigger-kinds.ts. The manifest's trigger schema and static checks and the run lists' "what
 * started it" line (trigger-summary.ts) are derived from that list. How a kind fires (the ingest,
 * the per-minute tick, a poll job, an instance's activation, a call) is its runtime half, in
 * server/triggers/kinds/<kind>/, and the worker tasks it needs are listed in
 * server/triggers/kinds/trigger-tasks.ts.
 *
 * Declarations are pure (zod schemas and functions over plain values) and live with the manifest,
 * whose check helpers they use: the manifest, the modules (the customer's logs) and the triggers'
 * runtime halves all import them, and they import nothing that reaches the database.
 */
import type { z } from "zod";
import type { CheckContext } from "@/server/manifest/check-context";
import type { ManifestPath } from "@/server/manifest/manifest-error";
import type { RawRecord } from "@/server/manifest/raw";

export type JsonObject = Record<string, unknown>;

export interface TriggerKind<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** `trigger.type` in a manifest, and the `trigger` of the executions it starts. */
  type: Type;
  /** The manifest schema of the trigger block. */
  schema: Schema;
  /** Checks a schema cannot make (references to config fields, connections, connectors, paths), on the raw block. */
  check?: (trigger: RawRecord, path: ManifestPath, ctx: CheckContext) => void;
  /** Why a flow with this trigger cannot wait for a turn (`concurrency` other than parallel); null when it can. */
  concurrencyConflict?: (trigger: RawRecord) => string | null;
  /**
   * One line saying what started a run, for the console's and the embed's run lists, read from the
   * execution's input and the event type. Names no secret: only event names, numbers and short ids.
   */
  label: (input: JsonObject, eventType: string | null) => string;
}

export function defineTriggerKind<const Type extends string, Schema extends z.ZodType>(kind: TriggerKind<Type, Schema>): TriggerKind<Type, Schema> {
  return kind;
}
