/**
 * Typed credential fields: what a `credentials` auth method asks for (host, port, username,
 * password, private key…) and the checking of values a caller supplies against them. API key and
 * basic methods are described by the same fields, so every non-OAuth method can be filled in by a
 * form or an API call the same way.
 */
import { z } from "zod";

export type CredentialValue = string | number | boolean;
export type CredentialValues = Readonly<Record<string, CredentialValue>>;

export interface CredentialField {
  /** Letters, digits and `_`; the key in `credentials` on the API and in `ctx.connection.credentials`. */
  key: string;
  label: string;
  /** `text` is multi-line (a PEM private key); `number` an integer (a port). */
  type: "string" | "text" | "number" | "boolean";
  /** Encrypted like every credential, and never shown again once saved; forms mask it. */
  secret?: boolean;
  optional?: boolean;
  default?: CredentialValue;
  /** Where to find the value, shown under the field ("Settings → API → Tokens"). */
  description?: string;
  placeholder?: string;
}

/** A problem with one field; `field` is the credential key. */
export interface CredentialProblem {
  field: string;
  message: string;
}

export const CREDENTIAL_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

function fieldSchema(field: CredentialField): z.ZodType<CredentialValue | undefined> {
  const base =
    field.type === "number"
      ? z.coerce.number().int("must be a whole number")
      : field.type === "boolean"
        ? z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")])
        : field.type === "text"
          ? z
              .string()
              .trim()
              .min(1, "must not be empty")
              .max(64 * 1024)
          : z.string().trim().min(1, "must not be empty").max(4096);
  if (field.default !== undefined) return base.optional().transform((v) => (v === undefined ? field.default : v)) as z.ZodType<CredentialValue | undefined>;
  return (field.optional ? base.optional() : base) as z.ZodType<CredentialValue | undefined>;
}

/**
 * Checks supplied values against declared fields: required ones present, types right, no unknown
 * keys. Messages name the field and never echo a value (it may be a secret).
 */
export function parseCredentialValues(
  fields: readonly CredentialField[],
  input: Record<string, unknown>,
): { values: Record<string, CredentialValue>; problems: CredentialProblem[] } {
  const problems: CredentialProblem[] = [];
  const values: Record<string, CredentialValue> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push({ field: key, message: `is not a credential of this method (expected ${[...known].join(", ") || "none"})` });
  }
  for (const field of fields) {
    const raw = input[field.key] === "" || input[field.key] === null ? undefined : input[field.key];
    const parsed = fieldSchema(field).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message =
        raw === undefined
          ? "is required"
          : issue?.code === "invalid_type"
            ? `must be a ${field.type === "text" ? "string" : field.type}`
            : (issue?.message ?? "is invalid");
      problems.push({ field: field.key, message });
    } else if (parsed.data !== undefined) {
      values[field.key] = parsed.data;
    }
  }
  return { values, problems };
}

/** Declaration mistakes, reported by `defineConnector`. */
export function credentialFieldProblems(fields: readonly CredentialField[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (!CREDENTIAL_FIELD_KEY.test(field.key)) problems.push(`credential field "${field.key}" must be letters, digits or _`);
    if (seen.has(field.key)) problems.push(`credential field "${field.key}" is declared twice`);
    seen.add(field.key);
  }
  return problems;
}
