import type { z } from "zod";

import type { Finding, ManifestPath } from "@/server/manifest/manifest-error";
import { didYouMean } from "@/server/manifest/suggest";

type Issue = z.core.$ZodIssue;

/** Turns zod issues into findings whose messages name the offending value, not zod internals. */
export function zodIssuesToFindings(issues: readonly Issue[], data: unknown): Finding[] {
  return issues.flatMap((issue) => issueToFindings(issue, [], data));
}

function issueToFindings(issue: Issue, base: ManifestPath, data: unknown): Finding[] {
  const path = [...base, ...(issue.path as Array<string | number>)];
  const value = valueAt(data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], at: "key" as const, message: `unknown key "${key}"` }));
    case "invalid_key":
      return [{ path, at: "key", message: `invalid key "${String(path.at(-1))}": ${issue.issues.map((inner) => inner.message).join("; ")}` }];
    case "invalid_type":
      if (value === undefined) return [{ path, message: "is required" }];
      return [{ path, message: `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${describe(value)}` }];
    case "invalid_value": {
      const options = issue.values.map((option) => JSON.stringify(option));
      const hint = typeof value === "string" ? didYouMean(value, issue.values.map(String)) : "";
      const expected = options.length === 1 ? options[0] : `one of ${options.join(", ")}`;
      return [{ path, message: `expected ${expected}, got ${describe(value)}${hint}` }];
    }
    case "invalid_union":
      return unionToFindings(issue, path, value, data);
    default:
      return [{ path, message: issue.message }];
  }
}

// zod 4 adds these to discriminated-union issues without declaring them on the issue type.
type DiscriminatorIssue = z.core.$ZodIssueInvalidUnion & { note?: string; options?: unknown[] };

function unionToFindings(issue: DiscriminatorIssue, path: ManifestPath, value: unknown, data: unknown): Finding[] {
  if (issue.note === "No matching discriminator") {
    const choices = issue.options ?? [];
    const options = choices.map((option) => JSON.stringify(option)).join(", ");
    const key = String(path.at(-1));
    if (value === undefined) return [{ path, message: `is required; expected one of ${options}` }];
    const hint = typeof value === "string" ? didYouMean(value, choices.map(String)) : "";
    return [{ path, message: `unknown ${key} ${describe(value)}; expected one of ${options}${hint}` }];
  }
  // The branch that got deepest into the value is the one the author was writing.
  const branches = issue.errors.map((branch) => ({ branch, depth: Math.max(0, ...branch.map((inner) => inner.path.length)) }));
  const best = branches.reduce<(typeof branches)[number] | undefined>(
    (chosen, candidate) =>
      !chosen || candidate.depth > chosen.depth || (candidate.depth === chosen.depth && candidate.branch.length < chosen.branch.length) ? candidate : chosen,
    undefined,
  );
  if (!best || best.depth === 0) {
    if (value === undefined) return [{ path, message: "is required" }];
    const expected = expectedTypes(issue.errors.flat());
    if (expected) return [{ path, message: `expected ${expected}, got ${describe(value)}` }];
    if (best) return best.branch.flatMap((inner) => issueToFindings(inner, path, data));
    return [{ path, message: issue.message }];
  }
  return best.branch.flatMap((inner) => issueToFindings(inner, path, data));
}

// YAML words for zod's type names, since manifest authors write YAML.
const TYPE_WORDS: Record<string, string> = { object: "mapping", array: "list", record: "mapping" };

/**
 * "string, mapping or list" when every branch failed on the value's type alone (nested unions
 * included); undefined when some branch failed for another reason worth showing instead.
 */
function expectedTypes(issues: readonly Issue[]): string | undefined {
  const words: string[] = [];
  for (const inner of issues) {
    if (inner.code === "invalid_type" && inner.path.length === 0) words.push(TYPE_WORDS[inner.expected] ?? inner.expected);
    else if (inner.code === "invalid_union" && inner.path.length === 0) {
      const nested = expectedTypes(inner.errors.flat());
      if (nested === undefined) return undefined;
      words.push(...nested.split(/, | or /));
    } else return undefined;
  }
  const unique = [...new Set(words)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(", ")} or ${unique.at(-1)}`;
}

function valueAt(data: unknown, path: ManifestPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `"opend"`, `number 5`, `a list`, … — short enough for one-line messages. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}
