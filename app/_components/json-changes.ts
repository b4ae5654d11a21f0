/**
 * What a step changed, for one-line previews: the paths whose values differ between two JSON
 * values ("+ ticket = {id: 42, …}", "~ found.found = true", "− previous"), so consecutive steps
 * that all start with the same webhook body no longer preview alike.
 */
export interface JsonChange {
  kind: "added" | "changed" | "removed";
  path: string;
  value: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Changed paths, descending into objects present on both sides up to `depth` levels. */
export function jsonChanges(before: unknown, after: unknown, depth = 3, prefix = ""): JsonChange[] {
  if (same(before, after)) return [];
  if (!isObject(before) || !isObject(after) || depth === 0)
    return [{ kind: before === undefined ? "added" : after === undefined ? "removed" : "changed", path: prefix || "$", value: after }];
  const changes: JsonChange[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in before)) changes.push({ kind: "added", path, value: after[key] });
    else if (!(key in after)) changes.push({ kind: "removed", path, value: undefined });
    else changes.push(...jsonChanges(before[key], after[key], depth - 1, path));
  }
  return changes;
}

/** A value in at most `max` characters: `{id: 42, subject: "Checkout…"}`. */
export function briefValue(value: unknown, max = 48): string {
  const text =
    JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "string" && inner.length > 24 ? `${inner.slice(0, 23)}…` : inner)) ?? "undefined";
  const readable = text.replace(/"([A-Za-z_$][\w$]*)":/g, "$1: ").replace(/,(?=\S)/g, ", ");
  return readable.length > max ? `${readable.slice(0, max - 1)}…` : readable;
}

const SIGN = { added: "+", changed: "~", removed: "−" } as const;

/** The changes as one line, at most `max` characters; null when nothing changed. */
export function describeChanges(before: unknown, after: unknown, max = 110): string | null {
  const changes = jsonChanges(before, after);
  if (changes.length === 0) return null;
  const parts = changes.map((change) =>
    change.kind === "removed" ? `${SIGN.removed} ${change.path}` : `${SIGN[change.kind]} ${change.path} = ${briefValue(change.value)}`,
  );
  let line = "";
  for (const [index, part] of parts.entries()) {
    const next = line ? `${line}, ${part}` : part;
    if (next.length > max) return `${line || part.slice(0, max - 1)}${line ? `, +${parts.length - index} more` : "…"}`;
    line = next;
  }
  return line;
}
