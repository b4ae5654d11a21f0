/**
 * Request/response records: what the execution log shows for every HTTP exchange (each attempt and
 * each redirect hop). Support staff read these, so credentials are redacted and bodies truncated
 * before a record leaves the client.
 */
export interface HttpRecord {
  method: string;
  /** The URL with secret query parameters redacted. */
  url: string;
  /** Absent when no response arrived (refused, network error, timeout). */
  status?: number;
  durationMs: number;
  /** 1 for the first attempt, 2 for the first retry… (redirect hops share their attempt's number). */
  attempt: number;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  error?: string;
}

export type RecordSink = (record: HttpRecord) => void;

export const MAX_RECORDED_BODY_BYTES = 4 * 1024;
export const REDACTED = "[redacted]";

// Header and parameter names that carry credentials in the wild (Authorization, X-Api-Key, X-Auth-Token,
// Cookie, X-Hub-Signature, ?access_token=, ?api_key=, ?sig=…). Idempotency-Key is deliberately not one.
const SECRET_NAME = /authorization|cookie|api[-_]?key|apikey|token|secret|password|passwd|signature|^sig$|^key$|session|credential/i;

/** Names the auth in use adds (a connector's own API key header or query parameter). */
export interface SecretNames {
  headers?: string[];
  queryParams?: string[];
}

function isSecret(name: string, extra: string[] | undefined): boolean {
  return SECRET_NAME.test(name) || (extra?.some((secret) => secret.toLowerCase() === name.toLowerCase()) ?? false);
}

/** Whether a secret name could be anywhere in `text`: most bodies name none, and need not be parsed. */
const SECRET_NAME_ANYWHERE = new RegExp(SECRET_NAME.source.replace(/[\^$]/g, ""), "i");
function mayNameSecret(text: string, extra: string[] | undefined): boolean {
  if (SECRET_NAME_ANYWHERE.test(text)) return true;
  if (!extra?.length) return false;
  const lower = text.toLowerCase();
  return extra.some((secret) => lower.includes(secret.toLowerCase()));
}

export function redactHeaders(headers: Headers, secrets: SecretNames = {}): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = isSecret(name, secrets.headers) ? REDACTED : value;
  });
  return result;
}

export function redactUrl(url: URL, secrets: SecretNames = {}): string {
  const copy = new URL(url);
  for (const name of new Set(copy.searchParams.keys())) {
    if (isSecret(name, secrets.queryParams)) copy.searchParams.set(name, REDACTED);
  }
  if (copy.password) copy.password = REDACTED;
  return copy.href;
}

/** Bodies past this are recorded cut, unparsed: their first 4 KiB cannot hold a whole document anyway. */
const MAX_PARSED_BODY_BYTES = 1024 * 1024;

/** The document with secret-named fields redacted, or null when it has none (then the text is kept as it was sent). */
function redactFields(document: unknown, secrets: SecretNames): unknown | null {
  let redacted = false;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => {
        if (!isSecret(name, secrets.queryParams) || inner === null || inner === "") return [name, visit(inner)];
        redacted = true;
        return [name, REDACTED];
      }),
    );
  };
  const result = visit(document);
  return redacted ? result : null;
}

/**
 * A body as the log shows it: credentials in JSON fields and form parameters (`password`,
 * `client_secret`, `access_token`, the connector's own key names…) redacted, then cut at
 * MAX_RECORDED_BODY_BYTES. Other bodies are only cut.
 */
export function recordedBody(body: Uint8Array | string | undefined, contentType: string | null, secrets: SecretNames = {}): string | undefined {
  if (body === undefined) return undefined;
  const size = typeof body === "string" ? body.length : body.byteLength;
  if (size > MAX_PARSED_BODY_BYTES) return truncateBody(body);
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  if (!mayNameSecret(text, secrets.queryParams)) return truncateBody(body);
  const type = contentType?.toLowerCase() ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    const secretNames = [...new Set(form.keys())].filter((name) => isSecret(name, secrets.queryParams));
    for (const name of secretNames) form.set(name, REDACTED);
    return truncateBody(secretNames.length > 0 ? form.toString() : text);
  }
  if (type.includes("json") || /^\s*[{[]/.test(text)) {
    let redacted: unknown | null = null;
    try {
      redacted = redactFields(JSON.parse(text), secrets);
    } catch {
      // Not JSON after all: recorded as text.
    }
    return truncateBody(redacted === null ? text : JSON.stringify(redacted));
  }
  return truncateBody(text);
}

/** Decodes as UTF-8 and cuts at MAX_RECORDED_BODY_BYTES, saying how much there was. */
export function truncateBody(body: Uint8Array | string | undefined): string | undefined {
  if (body === undefined) return undefined;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  if (bytes.byteLength <= MAX_RECORDED_BODY_BYTES) return new TextDecoder().decode(bytes);
  // `fatal: false` turns a multi-byte character cut in half into U+FFFD instead of throwing.
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, MAX_RECORDED_BODY_BYTES));
  return `${head}… [truncated: ${bytes.byteLength} bytes in total]`;
}

export function headersToObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}
