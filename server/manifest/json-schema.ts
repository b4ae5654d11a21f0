/**
 * JSON Schema (2020-12) as tool flows declare their input: compiled with Ajv, a well-kept
 * validator, so a flow's `inputSchema` means what it means to every MCP client that reads it.
 * Compiled validators are cached by the schema's text (published versions never change).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; problem: string };

export function compileJsonSchema(schema: unknown): CompiledSchema {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return { ok: true, validate: cached };
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return { ok: false, problem: "must be a JSON Schema object" };
  try {
    const validate = ajv.compile(schema);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, validate);
    return { ok: true, validate };
  } catch (error) {
    return { ok: false, problem: `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** `/labels/0` → `labels[0]`, so messages name fields the way the rest of the product does. */
function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty) segments.push(params.missingProperty);
  if (error.keyword === "additionalProperties" && params.additionalProperty) segments.push(params.additionalProperty);
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === "required") return "is required";
  if (error.keyword === "additionalProperties") return "is not an accepted field";
  return error.message ?? "is invalid";
}

/** Each problem as `field: message`, the first field separately (for the error's `field`). */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): { message: string; field?: string } {
  const problems = (errors ?? []).map((error) => ({ field: fieldOf(error), message: messageOf(error) }));
  const unique = [...new Map(problems.map((p) => [`${p.field}\u0000${p.message}`, p])).values()];
  return {
    message: unique.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; ") || "does not match the schema",
    field: unique[0]?.field || undefined,
  };
}
