/**
 * Hides secrets in anything about to be stored for people to read (step input/output, errors,
 * HTTP records, a finished execution's output): the instance's known secret values wherever they
 * appear, and any field whose name says it holds a secret (a webhook's `signingSecret` returned
 * by a provider, an `accessToken`), even when its value was never known to be secret.
 */
export const REDACTED = "[redacted]";

const SECRET_KEY = /(^|[_-]|[a-z])(secret|password|passwd|token|api[_-]?key|private[_-]?key|authorization|cookie|credentials?)$/i;

/** Field names repeat across every payload a process handles: each is tested once (up to a bound). */
const secretKeyMemo = new Map<string, boolean>();
const SECRET_KEY_MEMO_LIMIT = 10_000;

export function isSecretKey(key: string): boolean {
  const known = secretKeyMemo.get(key);
  if (known !== undefined) return known;
  const secret = SECRET_KEY.test(key);
  if (secretKeyMemo.size < SECRET_KEY_MEMO_LIMIT) secretKeyMemo.set(key, secret);
  return secret;
}

const isPlainObject = (v: object) => {
  const prototype = Object.getPrototypeOf(v);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A copy of `value` with secrets hidden. Plain objects and arrays with nothing to hide are handed
 * back as they are rather than copied (a runner redacts every step it commits, and most hold no
 * secret), so the result may share parts with `value`: neither is to be changed afterwards.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const needles = secrets.filter((s) => typeof s === "string" && s.length >= 4);
  if (value === undefined || value === null) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") return needles.reduce((text, secret) => (text.includes(secret) ? text.split(secret).join(REDACTED) : text), v);
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const inner = visit(v[i]);
        if (inner !== v[i]) (copy ??= v.slice())[i] = inner;
      }
      return copy ?? v;
    }
    // Timestamps (a step's startedAt) are not secrets, and must stay Dates for the database.
    if (v instanceof Date || Buffer.isBuffer(v)) return v;
    if (v && typeof v === "object") {
      const entries = Object.entries(v);
      let changed = !isPlainObject(v);
      const redacted = entries.map(([k, inner]): [string, unknown] => {
        const next = isSecretKey(k) && inner !== null && inner !== "" ? REDACTED : visit(inner);
        if (next !== inner) changed = true;
        return [k, next];
      });
      return changed ? Object.fromEntries(redacted) : v;
    }
    return v;
  };
  return visit(value) as T;
}
