import { z } from "zod";

import { choiceRuleSchema, type ChoiceRule } from "@/server/engine/choice.schema";
import {
  catcherSchema,
  checkNextOrEnd,
  checkStatesAllIsLast,
  checkTaskLike,
  commonFields,
  errorHandlingFields,
  nullablePathSchema,
  pathSchema,
  payloadTemplateSchema,
  positiveIntSchema,
  resultFields,
  retrierSchema,
  stateNameSchema,
  transitionFields,
  unsupported,
} from "@/server/engine/state-fields.schema";

export { catcherSchema, retrierSchema };

/**
 * Structural schema of a flow's state machine (Amazon States Language, JSONPath flavour).
 * Cross-state checks (unknown `Next`, unreachable states) belong to the manifest loader; it can
 * walk the graph with `listTransitions`. JSONPath and intrinsic syntax is checked statically with
 * `isValidPath` (paths.ts) and `parseIntrinsic` (intrinsics.ts).
 */

const actionObjectSchema = z
  .strictObject({
    Type: z.enum(["Action", "Task"]),
    /** Connector action key, e.g. `zendesk.createTicket`. `Resource` is the ASL spelling for Task. */
    Action: z.string().min(1).optional(),
    Resource: z.string().min(1).optional(),
    /** Key of a manifest connection the action runs with. */
    Connection: z.string().min(1).optional(),
    TimeoutSeconds: positiveIntSchema.optional(),
    TimeoutSecondsPath: unsupported("TimeoutSecondsPath is not supported: use TimeoutSeconds"),
    HeartbeatSeconds: unsupported("HeartbeatSeconds is not supported: actions do not send heartbeats"),
    HeartbeatSecondsPath: unsupported("HeartbeatSecondsPath is not supported: actions do not send heartbeats"),
    Credentials: unsupported("Credentials is not supported: use Connection"),
    ...commonFields,
    ...transitionFields,
    ...resultFields,
    ...errorHandlingFields,
  })
  .superRefine((state, ctx) => {
    checkTaskLike(state, ctx);
    if ((state.Action === undefined) === (state.Resource === undefined)) {
      ctx.addIssue({ code: "custom", path: ["Action"], message: "an Action state needs exactly one of Action or Resource" });
    }
  });

const passObjectSchema = z
  .strictObject({
    Type: z.literal("Pass"),
    Result: z.unknown().optional(),
    ...commonFields,
    ...transitionFields,
    Parameters: payloadTemplateSchema.optional(),
    ResultPath: nullablePathSchema.optional(),
  })
  .superRefine(checkNextOrEnd);

const waitObjectSchema = z
  .strictObject({
    Type: z.literal("Wait"),
    Seconds: z.number().int().min(0).optional(),
    Timestamp: z.iso.datetime({ offset: true, error: "Timestamp must be an RFC 3339 date-time, e.g. 2026-01-01T00:00:00Z" }).optional(),
    SecondsPath: pathSchema.optional(),
    TimestampPath: pathSchema.optional(),
    ...commonFields,
    ...transitionFields,
  })
  .superRefine((state, ctx) => {
    checkNextOrEnd(state, ctx);
    const given = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter((key) => state[key as keyof typeof state] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["Seconds"], message: "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath" });
    }
  });

const choiceObjectSchema = z.strictObject({
  Type: z.literal("Choice"),
  Choices: z.array(choiceRuleSchema).min(1),
  Default: stateNameSchema.optional(),
  ...commonFields,
});

const succeedObjectSchema = z.strictObject({ Type: z.literal("Succeed"), ...commonFields });

const failObjectSchema = z
  .strictObject({
    Type: z.literal("Fail"),
    Comment: z.string().optional(),
    Error: z.string().optional(),
    ErrorPath: pathSchema.optional(),
    Cause: z.string().optional(),
    CausePath: pathSchema.optional(),
  })
  .superRefine((state, ctx) => {
    if (state.Error !== undefined && state.ErrorPath !== undefined)
      ctx.addIssue({ code: "custom", path: ["ErrorPath"], message: "use Error or ErrorPath, not both" });
    if (state.Cause !== undefined && state.CausePath !== undefined)
      ctx.addIssue({ code: "custom", path: ["CausePath"], message: "use Cause or CausePath, not both" });
  });

/** `{ "$.body.action": ["opened", "closed"] }`: every JSONPath must yield one of the listed values. */
const eventScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const eventMatchSchema = z.record(pathSchema, z.union([eventScalarSchema, z.array(eventScalarSchema).min(1)]));

const waitForEventObjectSchema = z
  .strictObject({
    Type: z.literal("WaitForEvent"),
    /** `matches` is the Conductor/ZIS spelling; both are accepted, the output always says `Matches`. */
    Matches: eventMatchSchema.optional(),
    matches: eventMatchSchema.optional(),
    TimeoutSeconds: positiveIntSchema.optional(),
    // No InputPath: the event, not the state input, is what this state reads.
    Comment: z.string().optional(),
    OutputPath: nullablePathSchema.optional(),
    ...transitionFields,
    ResultSelector: payloadTemplateSchema.optional(),
    ResultPath: nullablePathSchema.optional(),
    Catch: z.array(catcherSchema).optional(),
  })
  .superRefine((state, ctx) => {
    checkNextOrEnd(state, ctx);
    checkStatesAllIsLast(state.Catch, "Catch", ctx);
    if (state.Matches !== undefined && state.matches !== undefined)
      ctx.addIssue({ code: "custom", path: ["matches"], message: "use Matches or matches, not both" });
  });

// Map and Parallel nest whole machines, so their schemas are built lazily from the machine schema.
const branchMachineSchema: z.ZodType<StateMachine> = z.lazy(() => stateMachineSchema);

const itemProcessorSchema: z.ZodType<StateMachine & { ProcessorConfig?: { Mode?: "INLINE"; ExecutionType?: string } }> = z.lazy(() =>
  z.strictObject({
    ...stateMachineShape,
    ProcessorConfig: z
      .strictObject({
        Mode: z.literal("INLINE", { error: 'only ProcessorConfig.Mode "INLINE" is supported (no distributed Map)' }).optional(),
        ExecutionType: z.string().optional(),
      })
      .optional(),
  }),
);

const mapObjectSchema = z
  .strictObject({
    Type: z.literal("Map"),
    ItemsPath: pathSchema.optional(),
    ItemSelector: payloadTemplateSchema.optional(),
    ItemProcessor: itemProcessorSchema.optional(),
    /** Legacy spelling of ItemProcessor. */
    Iterator: itemProcessorSchema.optional(),
    MaxConcurrency: z.number().int().min(0).optional(),
    ItemReader: unsupported("ItemReader is not supported: only inline Map over a JSON array"),
    ItemBatcher: unsupported("ItemBatcher is not supported"),
    ResultWriter: unsupported("ResultWriter is not supported"),
    ToleratedFailurePercentage: unsupported("ToleratedFailurePercentage is not supported: any failed item fails the Map"),
    ToleratedFailureCount: unsupported("ToleratedFailureCount is not supported: any failed item fails the Map"),
    MaxConcurrencyPath: unsupported("MaxConcurrencyPath is not supported: use MaxConcurrency"),
    ...commonFields,
    ...transitionFields,
    ...resultFields,
    ...errorHandlingFields,
  })
  .superRefine((state, ctx) => {
    checkTaskLike(state, ctx);
    if ((state.ItemProcessor === undefined) === (state.Iterator === undefined)) {
      ctx.addIssue({ code: "custom", path: ["ItemProcessor"], message: "a Map state needs exactly one of ItemProcessor or Iterator" });
    }
    if (state.ItemSelector !== undefined && state.Parameters !== undefined) {
      ctx.addIssue({ code: "custom", path: ["Parameters"], message: "use ItemSelector or the legacy Parameters, not both" });
    }
  });

const parallelObjectSchema = z
  .strictObject({
    Type: z.literal("Parallel"),
    Branches: z.array(branchMachineSchema).min(1),
    ...commonFields,
    ...transitionFields,
    ...resultFields,
    ...errorHandlingFields,
  })
  .superRefine(checkTaskLike);

const rawStateSchema = z.discriminatedUnion("Type", [
  actionObjectSchema,
  passObjectSchema,
  waitObjectSchema,
  choiceObjectSchema,
  succeedObjectSchema,
  failObjectSchema,
  waitForEventObjectSchema,
  mapObjectSchema,
  parallelObjectSchema,
]);

/** Normalises the aliases so the interpreter sees one spelling: Task→Action, Resource→Action, matches→Matches, Iterator→ItemProcessor. */
function normaliseState(raw: z.output<typeof rawStateSchema>): State {
  switch (raw.Type) {
    case "Action":
    case "Task": {
      const { Resource, ...rest } = raw;
      return { ...rest, Type: "Action", Action: (raw.Action ?? Resource) as string };
    }
    case "WaitForEvent": {
      const { matches, ...rest } = raw;
      return { ...rest, Matches: raw.Matches ?? matches ?? {} };
    }
    case "Map": {
      const { Iterator, ...rest } = raw;
      return { ...rest, ItemProcessor: (raw.ItemProcessor ?? Iterator) as StateMachine };
    }
    default:
      return raw as State;
  }
}

export const stateSchema = rawStateSchema.transform(normaliseState);

/** The fields of a machine, for composing bigger objects (a manifest flow adds `key` and `trigger`). */
export const stateMachineShape = {
  Comment: z.string().optional(),
  StartAt: stateNameSchema,
  States: z.record(stateNameSchema, stateSchema).refine((states) => Object.keys(states).length > 0, "States must hold at least one state"),
  TimeoutSeconds: positiveIntSchema.optional(),
  Version: z.literal("1.0").optional(),
  QueryLanguage: z.literal("JSONPath", { error: 'only QueryLanguage "JSONPath" is supported (JSONata is not)' }).optional(),
};

export const stateMachineSchema: z.ZodType<StateMachine> = z.strictObject(stateMachineShape) as unknown as z.ZodType<StateMachine>;

type Common = { Comment?: string; InputPath?: string | null; OutputPath?: string | null };
type Transition = { Next?: string; End?: boolean };
type ResultFields = { Parameters?: Record<string, unknown>; ResultSelector?: Record<string, unknown>; ResultPath?: string | null };
type ErrorHandling = { Retry?: Retrier[]; Catch?: Catcher[] };

export type Retrier = z.output<typeof retrierSchema>;
export type Catcher = z.output<typeof catcherSchema>;
export type EventMatch = z.output<typeof eventMatchSchema>;
export type { ChoiceRule };

export type ActionState = Common & Transition & ResultFields & ErrorHandling & { Type: "Action"; Action: string; Connection?: string; TimeoutSeconds?: number };
export type PassState = Common & Transition & { Type: "Pass"; Result?: unknown; Parameters?: Record<string, unknown>; ResultPath?: string | null };
export type WaitState = Common & Transition & { Type: "Wait"; Seconds?: number; Timestamp?: string; SecondsPath?: string; TimestampPath?: string };
export type ChoiceState = Common & { Type: "Choice"; Choices: ChoiceRule[]; Default?: string };
export type SucceedState = Common & { Type: "Succeed" };
export type FailState = { Type: "Fail"; Comment?: string; Error?: string; ErrorPath?: string; Cause?: string; CausePath?: string };
export type WaitForEventState = Omit<Common, "InputPath"> &
  Transition & {
    Type: "WaitForEvent";
    Matches: EventMatch;
    TimeoutSeconds?: number;
    ResultSelector?: Record<string, unknown>;
    ResultPath?: string | null;
    Catch?: Catcher[];
  };
export type MapState = Common &
  Transition &
  ResultFields &
  ErrorHandling & { Type: "Map"; ItemsPath?: string; ItemSelector?: Record<string, unknown>; ItemProcessor: StateMachine; MaxConcurrency?: number };
export type ParallelState = Common & Transition & ResultFields & ErrorHandling & { Type: "Parallel"; Branches: StateMachine[] };

export type State = ActionState | PassState | WaitState | ChoiceState | SucceedState | FailState | WaitForEventState | MapState | ParallelState;

export interface StateMachine {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  Version?: "1.0";
  QueryLanguage?: "JSONPath";
}

/** Every state name this state can move to (Next, Choice targets and Default, Catch targets), in order. */
export function listTransitions(state: State): string[] {
  const targets: string[] = [];
  if (state.Type === "Choice") {
    for (const rule of state.Choices) targets.push(rule.Next);
    if (state.Default !== undefined) targets.push(state.Default);
  } else if ("Next" in state && state.Next !== undefined) {
    targets.push(state.Next);
  }
  if ("Catch" in state) for (const catcher of state.Catch ?? []) targets.push(catcher.Next);
  return [...new Set(targets)];
}

/**
 * States that cannot run inside a Map/Parallel branch, with their path from the machine root.
 * Branches run in-process inside one step, so only a whole execution can park on an event.
 */
export function findBranchOnlyViolations(
  machine: StateMachine,
  inBranch = false,
  prefix: (string | number)[] = [],
): { path: (string | number)[]; message: string }[] {
  const found: { path: (string | number)[]; message: string }[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    const statePath = [...prefix, "States", name];
    if (inBranch && state.Type === "WaitForEvent") {
      found.push({
        path: [...statePath, "Type"],
        message: "WaitForEvent cannot be used inside a Map or Parallel branch: only a whole execution can park and wait",
      });
    }
    if (state.Type === "Map") found.push(...findBranchOnlyViolations(state.ItemProcessor, true, [...statePath, "ItemProcessor"]));
    if (state.Type === "Parallel")
      state.Branches.forEach((branch, index) => found.push(...findBranchOnlyViolations(branch, true, [...statePath, "Branches", index])));
  }
  return found;
}
