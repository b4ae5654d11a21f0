import { z } from "zod";

/**
 * Choice rules: a data-test (`Variable` + exactly one operator) or a boolean combination
 * (And / Or / Not). Only top-level rules carry `Next`; nested ones must not.
 */

type OperandKind = "string" | "number" | "boolean" | "timestamp" | "path";

/** Every comparison operator and what its operand must be. `…Path` operators compare against another path. */
export const comparisonOperators = {
  StringEquals: "string",
  StringLessThan: "string",
  StringGreaterThan: "string",
  StringLessThanEquals: "string",
  StringGreaterThanEquals: "string",
  StringMatches: "string",
  NumericEquals: "number",
  NumericLessThan: "number",
  NumericGreaterThan: "number",
  NumericLessThanEquals: "number",
  NumericGreaterThanEquals: "number",
  BooleanEquals: "boolean",
  TimestampEquals: "timestamp",
  TimestampLessThan: "timestamp",
  TimestampGreaterThan: "timestamp",
  TimestampLessThanEquals: "timestamp",
  TimestampGreaterThanEquals: "timestamp",
  StringEqualsPath: "path",
  StringLessThanPath: "path",
  StringGreaterThanPath: "path",
  StringLessThanEqualsPath: "path",
  StringGreaterThanEqualsPath: "path",
  NumericEqualsPath: "path",
  NumericLessThanPath: "path",
  NumericGreaterThanPath: "path",
  NumericLessThanEqualsPath: "path",
  NumericGreaterThanEqualsPath: "path",
  BooleanEqualsPath: "path",
  TimestampEqualsPath: "path",
  TimestampLessThanPath: "path",
  TimestampGreaterThanPath: "path",
  TimestampLessThanEqualsPath: "path",
  TimestampGreaterThanEqualsPath: "path",
  IsNull: "boolean",
  IsPresent: "boolean",
  IsNumeric: "boolean",
  IsString: "boolean",
  IsBoolean: "boolean",
  IsTimestamp: "boolean",
} as const satisfies Record<string, OperandKind>;

export type ComparisonOperator = keyof typeof comparisonOperators;
export const comparisonOperatorNames = Object.keys(comparisonOperators) as ComparisonOperator[];

const operandSchemas: Record<OperandKind, z.ZodType> = {
  string: z.string(),
  number: z.number(),
  boolean: z.boolean(),
  timestamp: z.iso.datetime({ offset: true, error: "expected an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z" }),
  path: z.string().min(1),
};

const operatorShape = Object.fromEntries(comparisonOperatorNames.map((name) => [name, operandSchemas[comparisonOperators[name]].optional()])) as {
  [K in ComparisonOperator]: z.ZodOptional<z.ZodType<OperandOf<K>>>;
};

type OperandOf<K extends ComparisonOperator> = (typeof comparisonOperators)[K] extends "number"
  ? number
  : (typeof comparisonOperators)[K] extends "boolean"
    ? boolean
    : string;

export type DataTestCondition = { Variable: string; Comment?: string } & { [K in ComparisonOperator]?: OperandOf<K> };
export type ChoiceCondition =
  | DataTestCondition
  | { And: ChoiceCondition[]; Comment?: string }
  | { Or: ChoiceCondition[]; Comment?: string }
  | { Not: ChoiceCondition; Comment?: string };
export type ChoiceRule = ChoiceCondition & { Next: string };

const dataTestShape = { Variable: z.string().min(1), Comment: z.string().optional(), ...operatorShape };

function checkOneOperator(rule: Record<string, unknown>, ctx: z.RefinementCtx) {
  const used = comparisonOperatorNames.filter((name) => rule[name] !== undefined);
  if (used.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["Variable"],
      message:
        used.length === 0
          ? "a choice rule with Variable needs one comparison operator (e.g. StringEquals)"
          : `a choice rule takes one comparison operator, got ${used.join(", ")}`,
    });
  }
}

/** Builds the rule schema with or without `Next`: nested And/Or/Not members never have one. */
function conditionSchema(withNext: boolean): z.ZodType {
  const next = withNext ? { Next: z.string().min(1) } : {};
  const nested = z.lazy(() => nestedConditionSchema);
  return z.union([
    z.strictObject({ ...dataTestShape, ...next }).superRefine(checkOneOperator),
    z.strictObject({ And: z.array(nested).min(1), Comment: z.string().optional(), ...next }),
    z.strictObject({ Or: z.array(nested).min(1), Comment: z.string().optional(), ...next }),
    z.strictObject({ Not: nested, Comment: z.string().optional(), ...next }),
  ]);
}

const nestedConditionSchema: z.ZodType<ChoiceCondition> = conditionSchema(false) as z.ZodType<ChoiceCondition>;
export const choiceRuleSchema: z.ZodType<ChoiceRule> = conditionSchema(true) as z.ZodType<ChoiceRule>;
