import { z } from "zod";

import { stateMachineShape, type StateMachine } from "@/server/engine/definition.schema";
import { actionsSchema } from "@/server/manifest/action.schema";
import { integrationKeySchema, referenceKeySchema } from "@/server/manifest/common.schema";
import { concurrencySchema } from "@/server/manifest/concurrency.schema";
import { configSchema } from "@/server/manifest/config.schema";
import { endpointsSchema, subscriptionSchema } from "@/server/manifest/routing.schema";
import { toolsSchema } from "@/server/manifest/tools.schema";
import { triggerSchema } from "@/server/manifest/trigger.schema";

/** A third-party account the customer connects while activating the integration. */
const connectionSchema = z.strictObject({
  connector: z.string().min(1),
  label: z.string().min(1).optional(),
  /** Optional connections may be skipped in the wizard; states using them then fail. */
  required: z.boolean().default(true),
  /**
   * The account's request budget, shared by every flow using the connection; replaces the
   * connector's default (server/connectors/framework/rate-budget.ts).
   */
  rateLimit: z
    .strictObject({
      requests: z.int().min(1, { error: "must be at least 1" }).max(1_000_000),
      per: z.enum(["second", "minute", "hour"]),
    })
    .optional(),
});

/** A flow is one trigger plus a state machine whose StartAt/States sit beside it (as in ZIS). */
export const flowSchema = z.strictObject({
  key: referenceKeySchema,
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  trigger: triggerSchema,
  /** How many executions of the flow run at once per instance (concurrency.schema.ts); parallel when absent. */
  concurrency: concurrencySchema.optional(),
  ...stateMachineShape,
});

/**
 * What customers see of their runs in the embedded logs. By default each run is told in the
 * integration's words (flow name, what started it, what it did, a plain failure summary); with
 * `showSteps` they also see the flow's states (the graph, each step's input and output). Replay
 * of a failed run is off unless allowed, for all flows or the ones listed: a replay runs the
 * flow's actions again, which only the vendor knows to be safe.
 */
export const customerLogsSchema = z.strictObject({
  showSteps: z.boolean().default(false),
  replay: z.union([z.boolean(), z.array(referenceKeySchema)]).default(false),
});

/**
 * One integration version. Cross-references (state names, connections, config keys, flow keys,
 * action names) and JSONPath syntax are checked by `static-checks.ts`, which knows where each one
 * points; this schema covers the shape.
 */
export const manifestSchema = z.strictObject({
  key: integrationKeySchema,
  name: z.string().min(1),
  description: z.string().optional(),
  category: z.string().min(1).optional(),
  /** A URL or a connector key whose icon to show in the marketplace. */
  icon: z.string().min(1).optional(),
  /** What changed in this version, shown to customers who are asked to upgrade. */
  releaseNotes: z.string().optional(),
  connections: z.record(referenceKeySchema, connectionSchema).default({}),
  config: configSchema.default({ pages: [] }),
  endpoints: endpointsSchema.default({ mode: "per-flow" }),
  flows: z.array(flowSchema).min(1, { error: "an integration needs at least one flow" }),
  actions: actionsSchema.default({}),
  subscriptions: z.array(subscriptionSchema).default([]),
  /** Connector actions exposed to AI agents (MCP) and the actions API; flows with a `tool` trigger are tools too. */
  tools: toolsSchema.default([]),
  customerLogs: customerLogsSchema.default({ showSteps: false, replay: false }),
});

// The engine's machine shape is recursive (Map/Parallel nest machines), which zod's inference
// cannot follow; its hand-written StateMachine type stands in for the inferred one.
export type Flow = Omit<z.infer<typeof flowSchema>, keyof StateMachine> & StateMachine;
export type Manifest = Omit<z.infer<typeof manifestSchema>, "flows"> & { flows: Flow[] };
/** A flow as written, before the engine schema validates and normalises its states. */
export type FlowInput = Omit<z.input<typeof flowSchema>, keyof StateMachine> & {
  StartAt: string;
  States: Record<string, unknown>;
  Comment?: string;
  TimeoutSeconds?: number;
};
/** A manifest as written, before defaults are applied (what the ZIS importer builds). */
export type ManifestInput = Omit<z.input<typeof manifestSchema>, "flows"> & { flows: FlowInput[] };
