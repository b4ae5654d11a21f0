/**
 * Hides secrets in anything about to be stored for people to read (step input/output, errors,
 * HTTP records, a finished execution's output): the instance's known secret values wherever they
 * appear, and any field whose name says it holds a secret (a webhook's `signingSecret` returned
 * by a provider, an `accessToken`), even when its value was never known to be secret.
 */
export const REDACTED = "[redacted]";

const SECRET_KEY = /(^|[_-]|[a-z])(secret|password|passwd|token|api[_-]?key|private[_-]?key|authorization|cookie|credentials?)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const needles = secrets.filter((s) => typeof s === "string" && s.length >= 4);
  if (value === undefined || value === null) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") return needles.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(visit);
    // Timestamps (a step's startedAt) are not secrets, and must stay Dates for the database.
    if (v instanceof Date || Buffer.isBuffer(v)) return v;
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, isSecretKey(k) && inner !== null && inner !== "" ? REDACTED : visit(inner)]));
    }
    return v;
  };
  return visit(value) as T;
}
