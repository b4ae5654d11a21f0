import {
  comparisonOperatorNames,
  comparisonOperators,
  type ChoiceCondition,
  type ComparisonOperator,
  type DataTestCondition,
} from "@/server/engine/choice.schema";
import type { ChoiceState } from "@/server/engine/definition.schema";
import { ErrorNames, StatesError } from "@/server/engine/errors";
import { evaluatePath, queryPath, type ContextObject } from "@/server/engine/paths";

/**
 * Choice rule evaluation. As in AWS, a comparison between values of different types is simply
 * false (so `NumericEquals` on a string does not fail the execution), while a Variable that
 * matches nothing is a States.Runtime error for every operator except IsPresent.
 */

// RFC 3339 date-time with a mandatory offset, the only timestamp form ASL compares.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function asTimestamp(value: unknown): number | undefined {
  if (typeof value !== "string" || !TIMESTAMP.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** `*` matches any run of characters; `\*` and `\\` are a literal asterisk and backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  const escapeRegExp = (char: string) => char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "\\" && index + 1 < pattern.length) source += escapeRegExp(pattern[++index]);
    else if (char === "*") source += "[\\s\\S]*";
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`).test(value);
}

type Ordering = "Equals" | "LessThan" | "GreaterThan" | "LessThanEquals" | "GreaterThanEquals";

function compareOrdered<T extends number | string>(left: T, right: T, ordering: Ordering): boolean {
  switch (ordering) {
    case "Equals":
      return left === right;
    case "LessThan":
      return left < right;
    case "GreaterThan":
      return left > right;
    case "LessThanEquals":
      return left <= right;
    case "GreaterThanEquals":
      return left >= right;
  }
}

function compare(operator: string, value: unknown, operand: unknown): boolean {
  const family = /^(String|Numeric|Boolean|Timestamp)/.exec(operator)?.[1];
  const ordering = operator.slice(family?.length ?? 0).replace(/Path$/, "") as Ordering;
  switch (family) {
    case "String":
      return typeof value === "string" && typeof operand === "string" && compareOrdered(value, operand, ordering);
    case "Numeric":
      return typeof value === "number" && typeof operand === "number" && compareOrdered(value, operand, ordering);
    case "Boolean":
      return typeof value === "boolean" && value === operand;
    case "Timestamp": {
      const [left, right] = [asTimestamp(value), asTimestamp(operand)];
      return left !== undefined && right !== undefined && compareOrdered(left, right, ordering);
    }
    default:
      return false;
  }
}

function typeTest(operator: ComparisonOperator, value: unknown): boolean {
  switch (operator) {
    case "IsNull":
      return value === null;
    case "IsNumeric":
      return typeof value === "number";
    case "IsString":
      return typeof value === "string";
    case "IsBoolean":
      return typeof value === "boolean";
    case "IsTimestamp":
      return asTimestamp(value) !== undefined;
    default:
      return false;
  }
}

function evaluateDataTest(rule: DataTestCondition, input: unknown, context: ContextObject): boolean {
  const operator = comparisonOperatorNames.find((name) => rule[name] !== undefined);
  if (!operator) throw new StatesError(ErrorNames.Runtime, `the choice rule on ${rule.Variable} has no comparison operator`);
  const operand = rule[operator];
  const value = evaluatePath(rule.Variable, input, context);
  if (operator === "IsPresent") return (value !== undefined) === operand;
  if (value === undefined) {
    throw new StatesError(ErrorNames.Runtime, `the choice rule's Variable ${rule.Variable} matched nothing in the state input (guard it with IsPresent)`);
  }
  if (operator.startsWith("Is")) return typeTest(operator, value) === operand;
  if (operator === "StringMatches") return typeof value === "string" && stringMatches(value, operand as string);
  const expected = comparisonOperators[operator] === "path" ? queryPath(operand as string, input, context, `the choice rule's ${operator}`) : operand;
  return compare(operator, value, expected);
}

export function evaluateCondition(condition: ChoiceCondition, input: unknown, context: ContextObject): boolean {
  if ("And" in condition) return condition.And.every((member) => evaluateCondition(member, input, context));
  if ("Or" in condition) return condition.Or.some((member) => evaluateCondition(member, input, context));
  if ("Not" in condition) return !evaluateCondition(condition.Not, input, context);
  return evaluateDataTest(condition, input, context);
}

/** The state a Choice moves to: the first matching rule's Next, else Default, else States.NoChoiceMatched. */
export function chooseNext(state: ChoiceState, input: unknown, context: ContextObject): string {
  for (const rule of state.Choices) {
    if (evaluateCondition(rule, input, context)) return rule.Next;
  }
  if (state.Default !== undefined) return state.Default;
  throw new StatesError(ErrorNames.NoChoiceMatched, "no choice rule matched and the Choice state has no Default");
}
