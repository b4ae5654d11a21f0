/**
 * A tool call's input, checked before anything runs: connector actions against their zod input
 * (with the tool's fixed parameters added), tool flows against their JSON Schema (Ajv). A refusal
 * names the field; nothing is recorded for it.
 */
import { describeIssues, findAction } from "@/server/connectors/framework/run-member";
import type { ConnectorRegistry } from "@/server/connectors/registry";
import { AppError } from "@/server/errors";
import { compileJsonSchema, describeSchemaErrors } from "@/server/manifest/json-schema";
import { fixedKeys, type ActionToolDefinition, type ToolDefinition } from "./tool-definitions";

const CONFIG_PATH = /^\$\$\.Config\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Fixed parameters with `.$` keys read from the instance's settings (the manifest checks allow only `$$.Config.<field>`). */
export function resolveFixed(template: unknown, settings: Record<string, unknown>): unknown {
  if (Array.isArray(template)) return template.map((item) => resolveFixed(item, settings));
  if (template === null || typeof template !== "object") return template;
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith(".$")) resolved[key] = resolveFixed(value, settings);
    else {
      const field = typeof value === "string" ? CONFIG_PATH.exec(value)?.[1] : undefined;
      if (field !== undefined && Object.hasOwn(settings, field)) resolved[key.slice(0, -2)] = settings[field];
    }
  }
  return resolved;
}

function asObject(name: string, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== "object" || Array.isArray(input))
    throw new AppError("BAD_REQUEST", `The input of ${name} must be an object of its parameters.`, { field: "input" });
  return input as Record<string, unknown>;
}

function actionInput(
  name: string,
  definition: ActionToolDefinition,
  input: Record<string, unknown>,
  settings: Record<string, unknown>,
  registry: ConnectorRegistry,
) {
  const given = fixedKeys(definition.fixed).find((key) => Object.hasOwn(input, key));
  if (given)
    throw new AppError("BAD_REQUEST", `Invalid input for ${name}: ${given} is set by the integration and cannot be given.`, { field: `input.${given}` });
  const merged = { ...input, ...(resolveFixed(definition.fixed, settings) as Record<string, unknown>) };
  const action = findAction(registry.get(definition.connector)!, definition.action)!;
  const parsed = action.input.safeParse(merged);
  if (!parsed.success) {
    const first = parsed.error.issues[0]?.path.join(".");
    throw new AppError("BAD_REQUEST", `Invalid input for ${name}: ${describeIssues(parsed.error)}`, first ? { field: `input.${first}` } : {});
  }
  return merged;
}

function flowInput(name: string, schema: Record<string, unknown>, input: Record<string, unknown>) {
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) throw new AppError("UNPROCESSABLE_CONTENT", `The input schema of ${name} ${compiled.problem}.`);
  if (compiled.validate(input)) return input;
  const { message, field } = describeSchemaErrors(compiled.validate.errors);
  throw new AppError("BAD_REQUEST", `Invalid input for ${name}: ${message}`, field ? { field: `input.${field}` } : {});
}

/** The execution's input: what the action or flow receives. */
export function checkedInput(
  name: string,
  definition: ToolDefinition,
  input: unknown,
  settings: Record<string, unknown>,
  registry: ConnectorRegistry,
): Record<string, unknown> {
  const object = asObject(name, input);
  return definition.kind === "action" ? actionInput(name, definition, object, settings, registry) : flowInput(name, definition.inputSchema, object);
}
