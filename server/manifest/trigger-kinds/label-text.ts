/** Reading short, one-line facts out of a run's input for the kinds' labels (trigger-kind.ts `label`). */
import type { JsonObject } from "./trigger-kind";

export const asObject = (value: unknown): JsonObject | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
export const asText = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value.trim() : typeof value === "number" ? String(value) : undefined;
/** Identifiers and event names only: short, one line. */
export const short = (value: string | undefined, max = 48) => (value && value.length <= max && !/\s{2,}|\n/.test(value) ? value : undefined);
