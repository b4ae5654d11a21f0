/**
 * Writes into documents built from flow data: `key` becomes an own data property even when it is
 * `__proto__` (an assignment would set the object's prototype instead of a key).
 */
export function setOwn(record: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The value of an own property, never one inherited from a prototype. */
export function getOwn(record: Record<string | number, unknown>, key: string | number): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
