import { z } from "zod";

import { configKeySchema, cronSchema, referenceKeySchema, timezoneSchema } from "@/server/manifest/common.schema";

/**
 * Config fields are what the activation wizard asks the customer for. Their values are read by
 * flows as `$$.Config.<key>` and by triggers as `{ config: <key> }`.
 */
const commonFieldProps = {
  key: configKeySchema,
  label: z.string().min(1).optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  placeholder: z.string().optional(),
};

const patternSchema = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `invalid regular expression: ${error instanceof Error ? error.message : error}` });
  }
});

/** min/max count characters for text fields, the value for numbers and the selection size for multiselect. */
const textValidationSchema = z.strictObject({
  min: z.int().nonnegative().optional(),
  max: z.int().nonnegative().optional(),
  pattern: patternSchema.optional(),
  message: z.string().optional(),
});
const numberValidationSchema = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  message: z.string().optional(),
});
const countValidationSchema = z.strictObject({
  min: z.int().nonnegative().optional(),
  max: z.int().nonnegative().optional(),
  message: z.string().optional(),
});

type Bounds = { min?: number; max?: number };
function checkBounds(bounds: Bounds | undefined, ctx: z.RefinementCtx) {
  if (bounds?.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    ctx.addIssue({ code: "custom", path: ["validation", "max"], message: `max (${bounds.max}) is below min (${bounds.min})` });
  }
}

/** A default the form would reject on submit is a manifest bug, not a customer's. */
function checkDefaultText(field: { default?: string; validation?: z.infer<typeof textValidationSchema> }, ctx: z.RefinementCtx) {
  checkBounds(field.validation, ctx);
  const value = field.default;
  const rules = field.validation;
  if (value === undefined || !rules) return;
  const problem =
    rules.min !== undefined && value.length < rules.min
      ? `is shorter than validation.min (${rules.min})`
      : rules.max !== undefined && value.length > rules.max
        ? `is longer than validation.max (${rules.max})`
        : rules.pattern !== undefined && safeTest(rules.pattern, value) === false
          ? `does not match validation.pattern ${rules.pattern}`
          : undefined;
  if (problem) ctx.addIssue({ code: "custom", path: ["default"], message: `default ${problem}` });
}

function safeTest(pattern: string, value: string): boolean | undefined {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return undefined; // already reported on validation.pattern
  }
}

const stringFieldSchema = z
  .strictObject({ ...commonFieldProps, type: z.literal("string"), default: z.string().optional(), validation: textValidationSchema.optional() })
  .superRefine(checkDefaultText);
const textFieldSchema = z
  .strictObject({ ...commonFieldProps, type: z.literal("text"), default: z.string().optional(), validation: textValidationSchema.optional() })
  .superRefine(checkDefaultText);
const emailFieldSchema = z
  .strictObject({ ...commonFieldProps, type: z.literal("email"), default: z.email().optional(), validation: textValidationSchema.optional() })
  .superRefine(checkDefaultText);

/** Secrets never have a default in the manifest; `generate: true` makes the platform create one per instance. */
const secretFieldSchema = z
  .strictObject({ ...commonFieldProps, type: z.literal("secret"), generate: z.boolean().optional(), validation: textValidationSchema.optional() })
  .superRefine((field, ctx) => checkBounds(field.validation, ctx));

const numberFieldSchema = z
  .strictObject({ ...commonFieldProps, type: z.literal("number"), default: z.number().optional(), validation: numberValidationSchema.optional() })
  .superRefine((field, ctx) => {
    checkBounds(field.validation, ctx);
    const value = field.default;
    const rules = field.validation;
    if (value === undefined || !rules) return;
    if (rules.min !== undefined && value < rules.min)
      ctx.addIssue({ code: "custom", path: ["default"], message: `default is below validation.min (${rules.min})` });
    if (rules.max !== undefined && value > rules.max)
      ctx.addIssue({ code: "custom", path: ["default"], message: `default is above validation.max (${rules.max})` });
    if (rules.integer && !Number.isInteger(value)) ctx.addIssue({ code: "custom", path: ["default"], message: "default must be an integer" });
  });

const booleanFieldSchema = z.strictObject({ ...commonFieldProps, type: z.literal("boolean"), default: z.boolean().optional() });

/** Shows the customer the connection step for one of the manifest's `connections`. */
const connectionFieldSchema = z.strictObject({ ...commonFieldProps, type: z.literal("connection"), connection: referenceKeySchema });

const optionValueSchema = z.union([z.string(), z.number(), z.boolean()]);
const optionSchema = z.union([optionValueSchema, z.strictObject({ value: optionValueSchema, label: z.string().optional() })]);

/** Options fetched live from a connector (e.g. the customer's GitHub repositories). */
const dataSourceSchema = z.strictObject({ connector: z.string().min(1), source: z.string().min(1), connection: referenceKeySchema });

function optionValues(options: Array<z.infer<typeof optionSchema>> | undefined) {
  return options?.map((option) => (typeof option === "object" ? option.value : option));
}

function checkOptions(field: { options?: Array<z.infer<typeof optionSchema>>; dataSource?: unknown; default?: unknown }, ctx: z.RefinementCtx) {
  if ((field.options === undefined) === (field.dataSource === undefined)) {
    ctx.addIssue({ code: "custom", message: "give either static `options` or a `dataSource`, not both or neither" });
    return;
  }
  const values = optionValues(field.options);
  if (!values || field.default === undefined) return;
  const defaults = Array.isArray(field.default) ? field.default : [field.default];
  defaults.forEach((value, index) => {
    if (!values.includes(value as never)) {
      const path = Array.isArray(field.default) ? ["default", index] : ["default"];
      ctx.addIssue({ code: "custom", path, message: `default ${JSON.stringify(value)} is not one of the options` });
    }
  });
}

const selectFieldSchema = z
  .strictObject({
    ...commonFieldProps,
    type: z.literal("select"),
    options: z.array(optionSchema).min(1).optional(),
    dataSource: dataSourceSchema.optional(),
    default: optionValueSchema.optional(),
  })
  .superRefine(checkOptions);

const multiselectFieldSchema = z
  .strictObject({
    ...commonFieldProps,
    type: z.literal("multiselect"),
    options: z.array(optionSchema).min(1).optional(),
    dataSource: dataSourceSchema.optional(),
    default: z.array(optionValueSchema).optional(),
    validation: countValidationSchema.optional(),
  })
  .superRefine((field, ctx) => {
    checkBounds(field.validation, ctx);
    checkOptions(field, ctx);
  });

export const scheduleValueSchema = z.strictObject({ cron: cronSchema, timezone: timezoneSchema.optional() });

/** Lets the customer pick when a `schedule` trigger with `{ config: <key> }` runs. */
const scheduleFieldSchema = z.strictObject({ ...commonFieldProps, type: z.literal("schedule"), default: scheduleValueSchema.optional() });

const jsonFieldSchema = z.strictObject({ ...commonFieldProps, type: z.literal("json"), default: z.unknown().optional() });

export const configFieldSchema = z.discriminatedUnion("type", [
  connectionFieldSchema,
  stringFieldSchema,
  textFieldSchema,
  secretFieldSchema,
  emailFieldSchema,
  numberFieldSchema,
  booleanFieldSchema,
  selectFieldSchema,
  multiselectFieldSchema,
  scheduleFieldSchema,
  jsonFieldSchema,
]);

export const configPageSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  fields: z.array(configFieldSchema),
});

export const configSchema = z.strictObject({ pages: z.array(configPageSchema) });

export type ConfigField = z.infer<typeof configFieldSchema>;
export type ConfigPage = z.infer<typeof configPageSchema>;
