/**
 * PostgreSQL's jsonb cannot hold U+0000: a value with a NUL in any string would fail the whole
 * write (and with it a step commit or an acknowledged delivery). Values bound for a jsonb column
 * go through here, and a NUL in a string or key becomes U+FFFD; everything else is unchanged.
 * Raw bytes (an event's body, blobs) are stored as they came.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what Postgres's jsonb refuses and this removes
const NUL = /\u0000/g;

export function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replace(NUL, "\uFFFD") : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [withoutNul(key) as string, withoutNul(inner)]));
  }
  return value;
}

/** JSON text for a jsonb column (null for undefined), with NULs replaced as `withoutNul` does. */
export function jsonbText(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  // JSON.stringify escapes a NUL as \u0000 (a literal backslash-u0000 in a string only costs a closer look).
  return text?.includes("\\u0000") ? JSON.stringify(withoutNul(value)) : (text ?? null);
}
