import { isDeepStrictEqual } from "node:util";
import { JSONPath } from "jsonpath-plus";
import { z } from "zod";

/**
 * Conductor-style event filter: every JSONPath must yield a value equal to the given value, or
 * to one of a list. The document is what the ingest exposes to flows, e.g. `{ headers, body, query }`,
 * so a filter reads `{ "$.body.action": ["opened", "created"], "$.headers.x-github-event": "issues" }`.
 */
const matchValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const matchConfigSchema = z.record(z.string(), z.union([matchValueSchema, z.array(matchValueSchema).min(1)]));

export type MatchConfig = z.input<typeof matchConfigSchema>;
export type MatchResult = { matched: boolean; failed?: string };

/**
 * Filters may use `?()` expressions; "safe" is jsonpath-plus's sandboxed evaluator (never `eval`),
 * and an expression that throws on one element (a missing field) just does not select it.
 */
function query(path: string, document: unknown): unknown[] {
  return JSONPath({ path, json: document as object, eval: "safe", ignoreEvalErrors: true, wrap: true }) as unknown[];
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function evaluateMatch(matchConfig: MatchConfig, document: unknown): MatchResult {
  for (const [path, expected] of Object.entries(matchConfig)) {
    const accepted = Array.isArray(expected) ? expected : [expected];
    let found: unknown[];
    try {
      found = query(path, document);
    } catch (error) {
      return { matched: false, failed: `${path}: could not be evaluated (${error instanceof Error ? error.message : "invalid path"})` };
    }
    if (found.length === 0) return { matched: false, failed: `${path}: no value at this path` };
    // A path with wildcards can yield several values; one accepted value among them is enough.
    if (!found.some((value) => accepted.some((candidate) => isDeepStrictEqual(value, candidate)))) {
      const wanted = accepted.map(describe).join(" or ");
      return { matched: false, failed: `${path}: got ${describe(found.length === 1 ? found[0] : found)}, expected ${wanted}` };
    }
  }
  return { matched: true };
}

export type MatchConfigIssue = { path: string; message: string };

/** Brackets, parentheses and quotes must balance; jsonpath-plus silently drops an unclosed tail. */
function unbalanced(path: string): string | null {
  const closers: Record<string, string> = { "[": "]", "(": ")" };
  const stack: string[] = [];
  let quote: string | null = null;
  for (const char of path) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char in closers) {
      stack.push(closers[char]);
    } else if (char === "]" || char === ")") {
      if (stack.pop() !== char) return `unexpected "${char}"`;
    }
  }
  if (quote) return `unclosed ${quote} quote`;
  return stack.length > 0 ? `missing "${stack.at(-1)}"` : null;
}

function pathIssue(path: string): string | null {
  if (!path.startsWith("$")) return "must start with $";
  const imbalance = unbalanced(path);
  if (imbalance) return imbalance;
  try {
    // Expressions are only compiled when they run, so each one runs once against a probe document.
    for (const segment of JSONPath.toPathArray(path)) {
      if (segment.startsWith("?(") || segment.startsWith("(")) query(`$[${segment}]`, [{}]);
    }
  } catch (error) {
    return error instanceof Error ? error.message : "invalid JSONPath";
  }
  return null;
}

/** Syntax errors in a match block, each naming its path, so a manifest can be refused at publish time. */
export function validateMatchConfig(matchConfig: unknown): MatchConfigIssue[] {
  const parsed = matchConfigSchema.safeParse(matchConfig);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "$", message: issue.message }));
  }
  return Object.keys(parsed.data).flatMap((path) => {
    const message = pathIssue(path);
    return message ? [{ path, message: `invalid JSONPath: ${message}` }] : [];
  });
}
