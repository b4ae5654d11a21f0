/**
 * Checks a customer's config values against the manifest's config fields and splits them into
 * plain values and secrets (stored encrypted). Every problem names its field.
 */
import { sealJson } from "@/server/crypto/keyring";
import { randomToken } from "@/server/crypto/tokens";
import type { Prisma } from "@/server/db/client";
import type { ConfigField } from "@/server/manifest/config.schema";
import { scheduleValueSchema } from "@/server/manifest/config.schema";
import type { Manifest } from "@/server/manifest/manifest.schema";

export interface ConfigProblem {
  field: string;
  message: string;
}

export interface CheckedConfig {
  values: Record<string, unknown>;
  secrets: Record<string, string>;
  problems: ConfigProblem[];
}

/** The instance columns checked values are stored in: plain values as JSON, secrets sealed (none: null). */
export function storedConfig(checked: CheckedConfig): { configValues: Prisma.InputJsonValue; configSecretsEncrypted: string | null } {
  return {
    configValues: checked.values as Prisma.InputJsonValue,
    configSecretsEncrypted: Object.keys(checked.secrets).length ? sealJson(checked.secrets) : null,
  };
}

export function configFields(manifest: Pick<Manifest, "config">): ConfigField[] {
  return manifest.config?.pages.flatMap((page) => page.fields) ?? [];
}

function optionValues(field: Extract<ConfigField, { type: "select" | "multiselect" }>): unknown[] | null {
  return field.options?.map((option) => (typeof option === "object" ? option.value : option)) ?? null;
}

function checkText(field: Extract<ConfigField, { type: "string" | "text" | "email" | "secret" }>, value: unknown): string | null {
  if (typeof value !== "string") return "must be text";
  const rules = field.validation;
  if (field.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return "must be an email address";
  if (rules?.min !== undefined && value.length < rules.min) return rules.message ?? `must be at least ${rules.min} characters`;
  if (rules?.max !== undefined && value.length > rules.max) return rules.message ?? `must be at most ${rules.max} characters`;
  if (rules?.pattern !== undefined && !new RegExp(rules.pattern, "u").test(value)) return rules.message ?? `must match ${rules.pattern}`;
  return null;
}

function checkValue(field: ConfigField, value: unknown): string | null {
  switch (field.type) {
    case "string":
    case "text":
    case "email":
    case "secret":
      return checkText(field, value);
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return "must be a number";
      const rules = field.validation;
      if (rules?.integer && !Number.isInteger(value)) return rules.message ?? "must be a whole number";
      if (rules?.min !== undefined && value < rules.min) return rules.message ?? `must be at least ${rules.min}`;
      if (rules?.max !== undefined && value > rules.max) return rules.message ?? `must be at most ${rules.max}`;
      return null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "select": {
      const allowed = optionValues(field);
      if (allowed && !allowed.includes(value)) return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
      return ["string", "number", "boolean"].includes(typeof value) ? null : "must be a single value";
    }
    case "multiselect": {
      if (!Array.isArray(value)) return "must be a list";
      const allowed = optionValues(field);
      const wrong = allowed ? value.filter((v) => !allowed.includes(v)) : [];
      if (wrong.length) return `${wrong.map((v) => JSON.stringify(v)).join(", ")} ${wrong.length === 1 ? "is" : "are"} not among the options`;
      if (field.validation?.min !== undefined && value.length < field.validation.min) return `choose at least ${field.validation.min}`;
      if (field.validation?.max !== undefined && value.length > field.validation.max) return `choose at most ${field.validation.max}`;
      return null;
    }
    case "schedule":
      return scheduleValueSchema.safeParse(value).success ? null : "must be { cron, timezone? } with a valid cron expression";
    case "json":
    case "connection":
      return null;
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** `previousSecrets` keeps secrets the customer did not re-enter when reconfiguring. */
export function checkConfigValues(
  manifest: Pick<Manifest, "config">,
  input: Record<string, unknown>,
  previousSecrets: Record<string, string> = {},
): CheckedConfig {
  const result: CheckedConfig = { values: {}, secrets: {}, problems: [] };
  const fields = configFields(manifest);
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) result.problems.push({ field: key, message: "is not a config field of this integration" });
  }
  for (const field of fields) {
    if (field.type === "connection") continue; // connections are stored as connections, not values
    let value = input[field.key];
    if (isEmpty(value) && field.type === "secret") value = previousSecrets[field.key] ?? (field.generate ? randomToken(32) : undefined);
    if (isEmpty(value) && "default" in field && field.default !== undefined) value = field.default;
    if (isEmpty(value)) {
      if (field.required) result.problems.push({ field: field.key, message: "is required" });
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) {
      result.problems.push({ field: field.key, message: problem });
      continue;
    }
    if (field.type === "secret") result.secrets[field.key] = value as string;
    else result.values[field.key] = value;
  }
  return result;
}
