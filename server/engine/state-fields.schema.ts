import { z } from "zod";

/** Field schemas and refinements shared by the state schemas in definition.schema.ts. */

export const stateNameSchema = z.string().min(1).max(80);
export const pathSchema = z.string().min(1);
export const nullablePathSchema = z.union([pathSchema, z.null()]);
export const positiveIntSchema = z.number().int().positive();
/** Parameters, ResultSelector, ItemSelector: any JSON; `"key.$"` entries hold paths or intrinsics. */
export const payloadTemplateSchema = z.record(z.string(), z.unknown());

/** A field present in ASL that this engine refuses with a clear message instead of ignoring it. */
export const unsupported = (message: string) => z.never({ error: message }).optional();

const errorEqualsSchema = z
  .array(z.string().min(1))
  .min(1)
  .superRefine((names, ctx) => {
    if (names.includes("States.ALL") && names.length > 1) {
      ctx.addIssue({ code: "custom", message: "States.ALL must appear alone in ErrorEquals" });
    }
  });

export const retrierSchema = z.strictObject({
  ErrorEquals: errorEqualsSchema,
  IntervalSeconds: positiveIntSchema.max(99_999_999).optional(),
  MaxAttempts: z.number().int().min(0).max(99_999_999).optional(),
  BackoffRate: z.number().min(1).optional(),
  MaxDelaySeconds: positiveIntSchema.max(31_622_400).optional(),
  JitterStrategy: z.enum(["FULL", "NONE"]).optional(),
  Comment: z.string().optional(),
});

export const catcherSchema = z.strictObject({
  ErrorEquals: errorEqualsSchema,
  Next: stateNameSchema,
  ResultPath: nullablePathSchema.optional(),
  Comment: z.string().optional(),
});

/** States.ALL may only be the last retrier/catcher: anything after it could never be reached. */
export function checkStatesAllIsLast(list: { ErrorEquals: string[] }[] | undefined, field: string, ctx: z.RefinementCtx) {
  list?.forEach((entry, index) => {
    if (entry.ErrorEquals.includes("States.ALL") && index !== list.length - 1) {
      ctx.addIssue({ code: "custom", path: [field, index, "ErrorEquals"], message: `States.ALL must be in the last ${field} entry` });
    }
  });
}

/** A state either names its successor or ends the machine, never both. */
export function checkNextOrEnd(state: { Next?: string; End?: boolean }, ctx: z.RefinementCtx) {
  const hasNext = state.Next !== undefined;
  const ends = state.End === true;
  if (hasNext === ends) {
    ctx.addIssue({
      code: "custom",
      path: hasNext ? ["End"] : ["Next"],
      message: hasNext ? "a state cannot have both Next and End: true" : "a state needs Next or End: true",
    });
  }
}

export const commonFields = {
  Comment: z.string().optional(),
  InputPath: nullablePathSchema.optional(),
  OutputPath: nullablePathSchema.optional(),
};
export const transitionFields = { Next: stateNameSchema.optional(), End: z.boolean().optional() };
export const resultFields = {
  Parameters: payloadTemplateSchema.optional(),
  ResultSelector: payloadTemplateSchema.optional(),
  ResultPath: nullablePathSchema.optional(),
};
export const errorHandlingFields = { Retry: z.array(retrierSchema).optional(), Catch: z.array(catcherSchema).optional() };

export function checkTaskLike(
  state: { Next?: string; End?: boolean; Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[] }[] },
  ctx: z.RefinementCtx,
) {
  checkNextOrEnd(state, ctx);
  checkStatesAllIsLast(state.Retry, "Retry", ctx);
  checkStatesAllIsLast(state.Catch, "Catch", ctx);
}
