import { JSONPath } from "jsonpath-plus";

import { ErrorNames, StatesError } from "@/server/engine/errors";
import { getOwn, setOwn } from "@/server/engine/own-property";

/**
 * JSONPath as ASL uses it. Evaluation is jsonpath-plus's (with its safe evaluator for filters);
 * this module adds the ASL rules around it: `$$` addresses the context object, a definite path
 * yields one value while an indefinite one (wildcard, filter, slice, union, `..`) yields an array,
 * and a missing value is an error rather than `undefined`.
 */

/** The context object `$$`. The engine fills `State` (and `Map` inside an iteration); the runner fills the rest. */
export interface ContextObject {
  Execution: { Id: string; Input: unknown; StartTime: string; Name: string };
  State: { Name: string; EnteredTime: string; RetryCount: number };
  StateMachine?: { Id: string; Name: string };
  /** The instance's config values. */
  Config: Record<string, unknown>;
  Trigger: unknown;
  Customer: unknown;
  Instance: unknown;
  Map?: { Item: { Index: number; Value: unknown } };
}

/** Path segments jsonpath-plus would evaluate as an expression, a wildcard or a slice: they can match many values. */
function isIndefiniteSegment(segment: string): boolean {
  return (
    segment === "*" ||
    segment === ".." ||
    segment.startsWith("?(") ||
    segment.startsWith("(") ||
    /^-?\d*:-?\d*(:-?\d*)?$/.test(segment) ||
    segment.includes(",")
  );
}

function segmentsOf(path: string): string[] {
  return JSONPath.toPathArray(path).slice(1);
}

export function isDefinitePath(path: string): boolean {
  return !segmentsOf(path.startsWith("$$") ? path.slice(1) : path).some(isIndefiniteSegment);
}

function probeDocument(segments: string[]): unknown {
  if (segments.length === 0) return {};
  const [segment, ...rest] = segments;
  const inner = probeDocument(rest);
  return isIndefiniteSegment(segment) || /^\d+$/.test(segment) ? [inner] : { [segment]: inner };
}

/** Syntax check for the static checker: an error message, or null when the path is usable. */
export function isValidPath(path: string): string | null {
  if (typeof path !== "string" || !path.startsWith("$")) return `"${path}" is not a JSONPath: it must start with $ (or $$ for the context object)`;
  const body = path.startsWith("$$") ? path.slice(1) : path;
  if (/^\$[^.[]/.test(body)) return `"${path}" is not a JSONPath: after $ comes . or [`;
  if (/\.$|\.\.\.|\[\s*\]/.test(body)) return `"${path}" is not a JSONPath: empty segment`;
  let depth = 0;
  let quote: string | null = null;
  for (const char of body) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "[" || char === "(") depth++;
    else if (char === "]" || char === ")") depth--;
    if (depth < 0) return `"${path}" is not a JSONPath: unbalanced brackets`;
  }
  if (quote || depth !== 0) return `"${path}" is not a JSONPath: unbalanced ${quote ? "quotes" : "brackets"}`;
  try {
    // Filter expressions are only compiled when they meet data, so probe with a document shaped like the path.
    JSONPath({ path: body, json: probeDocument(segmentsOf(body)) as object, eval: "safe", wrap: true });
  } catch (error) {
    return `"${path}" is not a JSONPath: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** Reference paths (ResultPath) must name exactly one place to write to. */
export function isValidReferencePath(path: string): string | null {
  const syntax = isValidPath(path);
  if (syntax) return syntax;
  if (path.startsWith("$$")) return `"${path}" cannot write into the context object`;
  if (!isDefinitePath(path)) return `"${path}" must name a single place (no wildcards, filters or slices)`;
  return null;
}

/** The value(s) at `path`, or `undefined` when nothing matches. */
export function evaluatePath(path: string, input: unknown, context: ContextObject | undefined): unknown {
  const fromContext = path.startsWith("$$");
  const body = fromContext ? path.slice(1) : path;
  const json = (fromContext ? context : input) ?? null;
  const syntaxError = isValidPath(path);
  if (syntaxError) throw new StatesError(ErrorNames.Runtime, syntaxError);
  if (body === "$") return json;
  let matches: unknown[];
  try {
    // A filter that cannot be evaluated for an item (`@.b` on a number) does not match it, as in AWS;
    // jsonpath-plus answers undefined rather than [] when the document itself is null.
    matches = (JSONPath({ path: body, json: json as object, eval: "safe", wrap: true, ignoreEvalErrors: true }) as unknown[] | undefined) ?? [];
  } catch (error) {
    throw new StatesError(ErrorNames.Runtime, `the JSONPath ${path} could not be evaluated: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isDefinitePath(path)) return matches;
  return matches.length > 0 ? matches[0] : undefined;
}

/** Like evaluatePath, but a missing value is a States.Runtime error naming the field, as AWS does. */
export function queryPath(path: string, input: unknown, context: ContextObject | undefined, field: string): unknown {
  const value = evaluatePath(path, input, context);
  if (value === undefined) {
    throw new StatesError(
      ErrorNames.Runtime,
      `the JSONPath ${path} in ${field} matched nothing in ${path.startsWith("$$") ? "the context object" : "the state input"}`,
    );
  }
  return value;
}

/** InputPath and OutputPath: absent keeps everything, null passes `{}`. */
export function selectPath(path: string | null | undefined, value: unknown, context: ContextObject, field: string): unknown {
  if (path === undefined) return value;
  if (path === null) return {};
  return queryPath(path, value, context, field);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * ResultPath: absent or `$` replaces the input with the result, null keeps the input and drops the
 * result, any other path writes the result into a copy of the input, creating missing objects.
 */
export function applyResultPath(input: unknown, result: unknown, resultPath: string | null | undefined): unknown {
  if (resultPath === undefined || resultPath === "$") return result;
  if (resultPath === null) return input;
  const invalid = isValidReferencePath(resultPath);
  if (invalid) throw new StatesError(ErrorNames.Runtime, `ResultPath ${invalid}`);
  const segments = segmentsOf(resultPath);
  if (!isPlainObject(input)) {
    throw new StatesError(ErrorNames.ResultPathMatchFailure, `ResultPath ${resultPath} cannot be applied: the state input is not a JSON object`);
  }
  const output = structuredClone(input);
  let container: Record<string, unknown> | unknown[] = output;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const key = Array.isArray(container) ? Number(segment) : segment;
    if (Array.isArray(container) && !Number.isInteger(key)) {
      throw new StatesError(ErrorNames.ResultPathMatchFailure, `ResultPath ${resultPath} cannot be applied: "${segment}" is not an index of an array`);
    }
    const record = container as Record<string | number, unknown>;
    if (last) {
      setOwn(record, key, result);
      return;
    }
    // Only own properties are followed and written: `__proto__` or `constructor` in a path name a
    // key of the document, never the prototype behind it (which would change every object).
    let next = getOwn(record, key);
    if (next === undefined) {
      next = {};
      setOwn(record, key, next);
    }
    if (typeof next !== "object" || next === null) {
      throw new StatesError(
        ErrorNames.ResultPathMatchFailure,
        `ResultPath ${resultPath} cannot be applied: "${segment}" holds a ${next === null ? "null" : typeof next}, not an object`,
      );
    }
    container = next as Record<string, unknown> | unknown[];
  });
  return output;
}
