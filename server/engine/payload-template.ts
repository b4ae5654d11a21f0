import { ErrorNames, StatesError } from "@/server/engine/errors";
import { evaluateIntrinsic, type IntrinsicDeps } from "@/server/engine/intrinsics";
import { setOwn } from "@/server/engine/own-property";
import { queryPath, type ContextObject } from "@/server/engine/paths";

/**
 * Payload templates (Parameters, ResultSelector, ItemSelector): a key ending in `.$` takes its
 * value from a path (`$.x`, `$$.Execution.Id`) or an intrinsic call (`States.Format(...)`), and
 * loses the `.$` suffix. Everything else is copied, with nested objects and arrays processed too.
 */
export function resolveTemplate(template: unknown, input: unknown, context: ContextObject, deps: IntrinsicDeps, field: string): unknown {
  if (Array.isArray(template)) return template.map((item, index) => resolveTemplate(item, input, context, deps, `${field}[${index}]`));
  if (typeof template !== "object" || template === null) return template;
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith(".$")) {
      setOwn(resolved, key, resolveTemplate(value, input, context, deps, `${field}.${key}`));
      continue;
    }
    const name = key.slice(0, -2);
    if (typeof value !== "string") {
      throw new StatesError(ErrorNames.Runtime, `${field}.${key} must be a JSONPath or an intrinsic function call string`);
    }
    setOwn(resolved, name, value.startsWith("$") ? queryPath(value, input, context, `${field}.${key}`) : evaluateIntrinsic(value, input, context, deps));
  }
  return resolved;
}

/** The static counterpart: every `.$` value of a template, with where it sits, for the manifest checker. */
export function listTemplateExpressions(template: unknown, field = ""): { field: string; expression: string }[] {
  if (Array.isArray(template)) return template.flatMap((item, index) => listTemplateExpressions(item, `${field}[${index}]`));
  if (typeof template !== "object" || template === null) return [];
  return Object.entries(template).flatMap(([key, value]) =>
    key.endsWith(".$") && typeof value === "string" ? [{ field: `${field}.${key}`, expression: value }] : listTemplateExpressions(value, `${field}.${key}`),
  );
}
