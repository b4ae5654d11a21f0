/**
 * Shared knobs for property-based fuzzing. CI runs each property at its base size; a larger run
 * for a report sets `FUZZ_SCALE` (e.g. `FUZZ_SCALE=50 npx vitest run --project unit fuzz`).
 */
const scale = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);

/** How many generated cases a property runs: `base` times the scale. */
export function fuzzRuns(base: number): number {
  return Math.round(base * scale);
}

/** A vitest timeout for a property of `fuzzRuns(base)` cases: generous, and growing with the scale. */
export const FUZZ_TIMEOUT_MS = 30_000 * scale;

/** A stack trace in text a caller receives: "at fn (file:line:col)" lines or a file path with a line number. */
export function looksLikeStackTrace(text: string): boolean {
  return /\n\s+at\s/.test(text) || /\bat\s+\S+\s+\(.*:\d+:\d+\)/.test(text) || /\/(server|app|node_modules)\/\S+\.(ts|js):\d+/.test(text);
}
