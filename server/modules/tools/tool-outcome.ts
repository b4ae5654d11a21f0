/**
 * What a tool call answers: the output, or an error of a kind the caller can act on. The kind
 * comes from the HTTP status the failing action met when the call ran in this process, else from
 * the failed execution's error (`{ Error, Cause }`), whose causes the platform words itself: the
 * HTTP client's `<Provider> answered <status> …` and the connection resolver's
 * `the connection "…" is not connected / broken / was disconnected`.
 */
import { ErrorNames } from "@/server/engine/errors";

export type ToolErrorKind = "validation" | "auth" | "provider" | "timeout" | "failed" | "cancelled";

export interface ToolError {
  kind: ToolErrorKind;
  message: string;
}

export type ToolCallResult = { ok: true; executionId: string; output: unknown } | { ok: false; executionId: string; error: ToolError };

const PROVIDER_STATUS = / answered (\d{3})\b/;
const CONNECTION_PROBLEM = /the connection "[^"]*" (is not connected|is broken|was disconnected)/;

export function classifyFailure(error: unknown, kind: "action" | "flow", httpStatus?: number): ToolError {
  const detail = (error ?? {}) as { Error?: unknown; Cause?: unknown };
  const name = typeof detail.Error === "string" ? detail.Error : "Error";
  const cause = typeof detail.Cause === "string" ? detail.Cause : "";
  const message = cause || name;
  if (name === ErrorNames.Timeout) return { kind: "timeout", message };
  if (CONNECTION_PROBLEM.test(cause)) return { kind: "auth", message };
  const status = httpStatus !== undefined ? String(httpStatus) : PROVIDER_STATUS.exec(cause)?.[1];
  if (status === "401" || status === "403") return { kind: "auth", message };
  if (status) return { kind: "provider", message };
  if (cause.startsWith("invalid input for ")) return { kind: "validation", message };
  // A connector action that failed otherwise (network refused, unexpected answer) failed at the provider's side of the call.
  if (kind === "action") return { kind: "provider", message };
  return { kind: "failed", message: cause ? `${name}: ${cause}` : name };
}
