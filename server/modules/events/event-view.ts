/**
 * A received delivery as support reads it: headers with anything secret hidden, and the body as
 * text. Secret headers are already redacted when the event is stored (the verifier's signature
 * headers and Authorization); this second pass hides any other header whose name says it carries
 * a credential, so a custom `X-Api-Key` or a provider's new signature header never shows.
 */
import { StringDecoder } from "node:string_decoder";
import { isSecretKey, REDACTED } from "@/server/text/redact";

const SECRET_HEADER = /(signature|hmac|authorization|cookie|token|secret|api-?key|password|credential)/i;

export function redactHeadersForDisplay(headers: unknown): Record<string, string> {
  if (!headers || typeof headers !== "object" || Array.isArray(headers)) return {};
  return Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).map(([name, value]) => {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return [name, SECRET_HEADER.test(name) || isSecretKey(name) ? REDACTED : text];
    }),
  );
}

/** The body as text, cut at `limit` characters; binary bodies say so instead of showing bytes. */
export function bodyText(body: Uint8Array | null, limit: number): { text: string | null; truncated: boolean; bytes: number } {
  if (!body || body.length === 0) return { text: null, truncated: false, bytes: body?.length ?? 0 };
  const text = Buffer.from(body).toString("utf8");
  // U+FFFD means bytes that are not UTF-8: show a note rather than mojibake.
  if (text.includes("\uFFFD")) return { text: `(${body.length} bytes of binary data)`, truncated: false, bytes: body.length };
  return text.length > limit ? { text: `${text.slice(0, limit)}…`, truncated: true, bytes: body.length } : { text, truncated: false, bytes: body.length };
}

/**
 * The start of a body kept as a file (a delivery too large for its event row): `start` holds its
 * first bytes, `size` the whole length. A character cut in half at the end is left out.
 */
export function bodyFileText(start: Buffer, size: number, limit: number): { text: string | null; truncated: boolean; bytes: number } {
  const text = new StringDecoder("utf8").write(start);
  if (text.includes("\uFFFD")) return { text: `(${size} bytes of binary data)`, truncated: false, bytes: size };
  const shown = text.length > limit ? text.slice(0, limit) : text;
  const truncated = shown.length < text.length || start.length < size;
  return { text: truncated ? `${shown}…` : shown, truncated, bytes: size };
}
