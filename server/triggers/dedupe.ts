import { createHash } from "node:crypto";
import { JSONPath } from "jsonpath-plus";
import type { DedupeConfig } from "@/server/verify/preset";
import type { WebhookRequest } from "@/server/verify/verifier";

/** Longer keys are hashed so a hostile or odd provider cannot bloat the unique index. */
const MAX_KEY_LENGTH = 200;

function normalise(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const key = String(value).trim();
  if (key.length === 0) return null;
  return key.length > MAX_KEY_LENGTH ? `sha256:${createHash("sha256").update(key).digest("hex")}` : key;
}

function fromPath(path: string, parsedBody: unknown): string | null {
  if (parsedBody === null || typeof parsedBody !== "object") return null;
  try {
    const [value] = JSONPath({ path, json: parsedBody, eval: "safe", ignoreEvalErrors: true, wrap: true }) as unknown[];
    return normalise(value);
  } catch {
    return null;
  }
}

/** The key this delivery is deduplicated on, or null when it carries none (it is then never treated as a repeat). */
export function dedupeKey(config: DedupeConfig, request: Pick<WebhookRequest, "headers">, parsedBody: unknown): string | null {
  const fromHeader = config.header === undefined ? null : normalise(request.headers[config.header.toLowerCase()]);
  if (fromHeader !== null) return fromHeader;
  return config.path === undefined ? null : fromPath(config.path, parsedBody);
}
