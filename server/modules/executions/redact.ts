/**
 * Replaces secret values (the instance's secret config, credentials) wherever they appear in a
 * value about to be stored or shown: step input/output, errors, HTTP records.
 */
export const REDACTED = "[redacted]";

export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const needles = secrets.filter((s) => typeof s === "string" && s.length >= 4);
  if (needles.length === 0 || value === undefined || value === null) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") return needles.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, visit(inner)]));
    return v;
  };
  return visit(value) as T;
}
