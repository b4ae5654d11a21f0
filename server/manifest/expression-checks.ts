import { parseIntrinsic } from "@/server/engine/intrinsics";
import { isValidPath, isValidReferencePath } from "@/server/engine/paths";
import type { CheckContext } from "@/server/manifest/check-context";
import type { ManifestPath } from "@/server/manifest/manifest-error";
import { asArray, asRecord, entriesOf } from "@/server/manifest/raw";
import { didYouMean } from "@/server/manifest/suggest";

// `$$.Config.key` and `$$.Config['key']` / `$$.Config["key"]`.
const CONFIG_REFERENCE = /\$\$\.Config(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

/** The engine's verdict on a JSONPath (or, for ResultPath, a place to write), as a message. */
function pathProblem(expression: string, kind: PathKind): string | undefined {
  return (kind === "reference" ? isValidReferencePath(expression) : isValidPath(expression)) ?? undefined;
}

/** `reference` paths (ResultPath) must name one place in the state input to write to. */
type PathKind = "read" | "reference";

/** The engine's verdict on an intrinsic call such as `States.Format('{}', $.x)`. */
function intrinsicProblem(expression: string): string | undefined {
  try {
    parseIntrinsic(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A field that must hold a JSONPath (InputPath, Variable, match keys…). */
export function checkPath(value: unknown, path: ManifestPath, ctx: CheckContext, at: "key" | "value" = "value", kind: PathKind = "read"): void {
  if (typeof value !== "string") return; // null (discard) and type errors are the schema's business
  const problem = pathProblem(value, kind);
  if (problem !== undefined) ctx.findings.push({ path, at, message: problem });
  else checkConfigReferences(value, path, ctx);
}

/** The value of a `"key.$"` property: a JSONPath or an intrinsic function call. */
export function checkExpression(value: unknown, path: ManifestPath, ctx: CheckContext): void {
  if (typeof value !== "string") {
    ctx.findings.push({ path, message: 'a "….$" property takes a JSONPath or an intrinsic (States.Format(...)) as a string' });
    return;
  }
  if (value.startsWith("States.")) {
    const problem = intrinsicProblem(value);
    if (problem !== undefined) ctx.findings.push({ path, message: `invalid intrinsic ${value}: ${problem}` });
    else checkConfigReferences(value, path, ctx);
    return;
  }
  if (!value.startsWith("$")) {
    ctx.findings.push({ path, message: `"${value}" is neither a JSONPath (starting with $) nor an intrinsic (States.…); drop the ".$" suffix for a literal` });
    return;
  }
  checkPath(value, path, ctx);
}

/** Walks a Parameters-like payload: every `"key.$"` holds an expression; everything else is literal. */
export function checkPayload(payload: unknown, path: ManifestPath, ctx: CheckContext): void {
  if (Array.isArray(payload)) {
    payload.forEach((item, index) => checkPayload(item, [...path, index], ctx));
    return;
  }
  for (const [key, value] of entriesOf(payload)) {
    if (key.endsWith(".$")) checkExpression(value, [...path, key], ctx);
    else checkPayload(value, [...path, key], ctx);
  }
}

/** Choice rules: `Variable` and every `…Path` comparison hold JSONPaths; And/Or/Not nest rules. */
export function checkChoiceRule(rule: unknown, path: ManifestPath, ctx: CheckContext): void {
  for (const [key, value] of entriesOf(rule)) {
    if (key === "Variable" || key.endsWith("Path")) checkPath(value, [...path, key], ctx);
    else if (key === "And" || key === "Or") asArray(value).forEach((inner, index) => checkChoiceRule(inner, [...path, key, index], ctx));
    else if (key === "Not") checkChoiceRule(value, [...path, key], ctx);
  }
}

/** A `{ "$.json.path": value }` filter: the keys are the paths. */
export function checkMatchKeys(match: unknown, path: ManifestPath, ctx: CheckContext): void {
  for (const [key] of entriesOf(match)) checkPath(key, [...path, key], ctx, "key");
}

/** Every `$$.Config.<key>` must name a config field, or the flow reads undefined at run time. */
function checkConfigReferences(expression: string, path: ManifestPath, ctx: CheckContext): void {
  for (const match of expression.matchAll(CONFIG_REFERENCE)) {
    const key = match[1] ?? match[2];
    if (!ctx.configFields.has(key)) {
      const known = [...ctx.configFields.keys()];
      ctx.findings.push({ path, message: `$$.Config.${key} names no config field${didYouMean(key, known)}` });
    }
  }
}

/** Properties of a state that hold payload templates rather than paths. */
export const PAYLOAD_FIELDS = ["Parameters", "ResultSelector", "ItemSelector", "Arguments", "Output"] as const;

/** State-level checks of every expression: path fields, payload templates, Choice rules, Catch. */
export function checkStateExpressions(state: Record<string, unknown>, statePath: ManifestPath, ctx: CheckContext): void {
  for (const [key, value] of Object.entries(state)) {
    const path = [...statePath, key];
    if (key === "ResultPath") checkPath(value, path, ctx, "value", "reference");
    else if (key.endsWith("Path")) checkPath(value, path, ctx);
    else if (key.endsWith(".$")) checkExpression(value, path, ctx);
    else if ((PAYLOAD_FIELDS as readonly string[]).includes(key)) checkPayload(value, path, ctx);
  }
  asArray(state.Choices).forEach((rule, index) => checkChoiceRule(rule, [...statePath, "Choices", index], ctx));
  asArray(state.Catch).forEach((catcher, index) =>
    checkPath(asRecord(catcher)?.ResultPath, [...statePath, "Catch", index, "ResultPath"], ctx, "value", "reference"),
  );
  // WaitForEvent filters incoming events like a trigger's `match` (either spelling is accepted).
  for (const key of ["Matches", "matches"]) {
    if (state.Type === "WaitForEvent") checkMatchKeys(state[key], [...statePath, key], ctx);
  }
}
