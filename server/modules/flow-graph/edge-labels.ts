/**
 * Short labels for the edges of a flow graph: what a Choice rule tests ("action = opened"), what a
 * Catch catches, "otherwise" for a Default. Long ones are cut; the full text is the edge's title.
 */
import type { ChoiceCondition } from "@/server/engine/choice.schema";

const MAX_LABEL = 28;

const OPERATORS: Record<string, string> = {
  StringEquals: "=",
  NumericEquals: "=",
  BooleanEquals: "=",
  TimestampEquals: "=",
  StringMatches: "matches",
  StringLessThan: "<",
  NumericLessThan: "<",
  TimestampLessThan: "before",
  StringGreaterThan: ">",
  NumericGreaterThan: ">",
  TimestampGreaterThan: "after",
  StringLessThanEquals: "≤",
  NumericLessThanEquals: "≤",
  TimestampLessThanEquals: "≤",
  StringGreaterThanEquals: "≥",
  NumericGreaterThanEquals: "≥",
  TimestampGreaterThanEquals: "≥",
};

/** Last steps that say little on their own, so the step before is kept: `issue.number`, `recalled.value`. */
const VAGUE = new Set(["id", "value", "number", "name", "type", "status", "found", "body", "text", "key"]);

/** `$.body.action` → `action`, `$.body.issue.number` → `issue.number`. */
function shortPath(path: string): string {
  const steps = path
    .replace(/^\$+\.?/, "")
    .split(/\.|\[/)
    .map((step) => step.replace(/\]$/, ""))
    .filter(Boolean);
  const last = steps.at(-1);
  if (!last) return path;
  return VAGUE.has(last) && steps.length > 1 ? steps.slice(-2).join(".") : last;
}

function describeCondition(condition: ChoiceCondition): string {
  if ("And" in condition) return condition.And.map(describeCondition).join(" and ");
  if ("Or" in condition) return condition.Or.map(describeCondition).join(" or ");
  if ("Not" in condition) return `not (${describeCondition(condition.Not)})`;
  const subject = shortPath(condition.Variable);
  for (const [key, value] of Object.entries(condition)) {
    if (key === "Variable" || key === "Comment" || key === "Next" || value === undefined) continue;
    if (key === "IsPresent") return value ? `${subject} present` : `no ${subject}`;
    if (key === "IsNull") return value ? `${subject} empty` : `${subject} set`;
    if (key.startsWith("Is")) return `${subject} ${value ? "is" : "is not"} ${key.slice(2).toLowerCase()}`;
    const operator = OPERATORS[key.replace(/Path$/, "")] ?? key;
    const operand = key.endsWith("Path") ? shortPath(String(value)) : typeof value === "string" ? value : JSON.stringify(value);
    return `${subject} ${operator} ${operand}`;
  }
  return subject;
}

export function cut(text: string, max = MAX_LABEL): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The rule's own Comment when it has one, else what it tests. */
export function choiceLabel(rule: ChoiceCondition): string {
  return rule.Comment ?? describeCondition(rule);
}

export function catchLabel(errors: string[]): string {
  return errors.includes("States.ALL") ? "on error" : `on ${errors.join(", ")}`;
}
