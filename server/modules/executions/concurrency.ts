/**
 * The queue a new execution of a throttled or fifo flow waits in (manifest `concurrency:`), decided
 * when the execution is recorded and kept on its row: the claim (server/runtime/checkpoints.repo.ts)
 * admits it only while fewer than `limit` executions of the queue ahead of it are unfinished.
 */
import { createHash } from "node:crypto";
import { JSONPath } from "jsonpath-plus";
import type { Flow } from "@/server/manifest/manifest.schema";

export interface ExecutionConcurrency {
  /** Instance, flow and, for fifo with a key, the key's value. */
  key: string;
  /** How many of the queue may be under way at once. */
  limit: number;
}

/** Longer key values are hashed, so a payload cannot bloat the queue index. */
const MAX_VALUE_LENGTH = 200;

/** The key's value in the input as text; events without one share one queue (the empty value). */
function keyValue(path: string, input: unknown): string {
  if (input === null || typeof input !== "object") return "";
  let value: unknown;
  try {
    [value] = JSONPath({ path, json: input as object, eval: "safe", ignoreEvalErrors: true, wrap: true }) as unknown[];
  } catch {
    value = undefined;
  }
  if (value === undefined || value === null) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `sha256:${createHash("sha256").update(text).digest("hex")}` : text;
}

/** Null for a parallel flow: its executions wait for nothing but a worker. */
export function executionConcurrency(instanceId: string, flow: Pick<Flow, "key" | "concurrency">, input: unknown): ExecutionConcurrency | null {
  const spec = flow.concurrency;
  if (!spec || spec.mode === "parallel") return null;
  const queue = `${instanceId}/${flow.key}`;
  if (spec.mode === "throttled") return { key: queue, limit: spec.max };
  if (spec.key === undefined) return { key: queue, limit: 1 };
  return { key: `${queue}#${keyValue(spec.key, input)}`, limit: 1 };
}
