/**
 * Static checks run on the raw parsed document, even when the schema rejected parts of it, so a
 * manifest's problems are all reported in one pass. These guards keep that code honest.
 */
export type RawRecord = Record<string, unknown>;

export function asRecord(value: unknown): RawRecord | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as RawRecord) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Own entries of a mapping, or none when the value is not a mapping. */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  const record = asRecord(value);
  return record ? Object.entries(record) : [];
}
