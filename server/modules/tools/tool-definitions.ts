/**
 * The tools one integration version exposes: its `tools` entries (connector actions, wildcards
 * expanded to the connector's read-only actions) and its flows with a `tool` trigger. Pure: the
 * same manifest and connector catalogue always give the same tools, names and input schemas.
 */
import { z } from "zod";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { findAction } from "@/server/connectors/framework/run-member";
import type { ConnectorRegistry } from "@/server/connectors/registry";
import type { Flow, Manifest } from "@/server/manifest/manifest.schema";
import { toolConnection } from "@/server/manifest/tool-checks";
import type { ToolTrigger } from "@/server/manifest/trigger.schema";

export type JsonSchema = Record<string, unknown>;

interface CommonDefinition {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  readOnly: boolean;
  destructive: boolean;
  /** The execution's flow key: the flow's own, or `tool.<name>` for a connector action. */
  flowKey: string;
}

export interface ActionToolDefinition extends CommonDefinition {
  kind: "action";
  connector: string;
  action: string;
  /** The manifest connection it runs with. */
  connectionKey: string;
  /** Fixed parameters, a template whose `.$` keys read `$$.Config`. */
  fixed: Record<string, unknown>;
}

export interface FlowToolDefinition extends CommonDefinition {
  kind: "flow";
  timeoutMs: number;
}

export type ToolDefinition = ActionToolDefinition | FlowToolDefinition;

/** Flow keys of connector-action tools; a dot never appears in a manifest's own flow keys. */
export const ACTION_TOOL_FLOW_PREFIX = "tool.";

/** The input field names a fixed parameter takes (`repo.$` fixes `repo`). */
export function fixedKeys(fixed: Record<string, unknown>): string[] {
  return Object.keys(fixed).map((key) => (key.endsWith(".$") ? key.slice(0, -2) : key));
}

function withoutFields(schema: JsonSchema, fields: string[]): JsonSchema {
  if (fields.length === 0) return schema;
  const properties = { ...((schema.properties as Record<string, unknown> | undefined) ?? {}) };
  for (const field of fields) delete properties[field];
  const required = ((schema.required as string[] | undefined) ?? []).filter((field) => !fields.includes(field));
  return { ...schema, properties, ...(required.length ? { required } : { required: undefined }) };
}

/** The action's zod input as JSON Schema 2020-12 (what it accepts), without the fixed fields. */
export function actionInputSchema(input: z.ZodType, fixed: string[]): JsonSchema {
  const schema = z.toJSONSchema(input, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
  const cleaned = JSON.parse(JSON.stringify(withoutFields(schema, fixed))) as JsonSchema;
  return cleaned.type === "object" ? cleaned : { type: "object", properties: {} };
}

function actionTool(
  connector: Connector,
  actionKey: string,
  connectionKey: string,
  entry: { name?: string; description?: string; parameters?: Record<string, unknown> },
): ActionToolDefinition | null {
  const action = findAction(connector, actionKey);
  if (!action) return null;
  const name = entry.name ?? `${connector.key}_${actionKey}`;
  const fixed = entry.parameters ?? {};
  return {
    kind: "action",
    name,
    description: entry.description ?? action.description,
    inputSchema: actionInputSchema(action.input, fixedKeys(fixed)),
    readOnly: action.readOnly,
    destructive: !action.readOnly && action.destructive === true,
    flowKey: `${ACTION_TOOL_FLOW_PREFIX}${name}`,
    connector: connector.key,
    action: actionKey,
    connectionKey,
    fixed,
  };
}

function flowTool(flow: Flow & { trigger: ToolTrigger }): FlowToolDefinition {
  const trigger = flow.trigger;
  return {
    kind: "flow",
    name: trigger.name ?? flow.key,
    description: trigger.description ?? flow.description ?? flow.name ?? flow.key,
    inputSchema: trigger.inputSchema,
    readOnly: trigger.readOnly,
    destructive: !trigger.readOnly && trigger.destructive,
    flowKey: flow.key,
    timeoutMs: trigger.timeoutMs,
  };
}

const isToolFlow = (flow: Flow): flow is Flow & { trigger: ToolTrigger } => flow.trigger.type === "tool";

/**
 * Every tool of a manifest, in manifest order. Entries naming a connector or action this
 * deployment lacks are left out (a manifest published elsewhere may name them); a name already
 * taken keeps its first tool.
 */
export function toolsOfManifest(manifest: Pick<Manifest, "tools" | "flows" | "connections">, registry: ConnectorRegistry): ToolDefinition[] {
  const connections = new Map(Object.entries(manifest.connections ?? {}).map(([key, c]) => [key, c.connector]));
  const tools: ToolDefinition[] = [];
  const taken = new Set<string>();
  const add = (tool: ToolDefinition | null) => {
    if (!tool || taken.has(tool.name)) return;
    taken.add(tool.name);
    tools.push(tool);
  };
  for (const entry of manifest.tools ?? []) {
    const [connectorKey, actionKey] = [entry.action.slice(0, entry.action.indexOf(".")), entry.action.slice(entry.action.indexOf(".") + 1)];
    const connector = registry.get(connectorKey);
    const connectionKey = toolConnection(connectorKey, entry.connection, connections);
    if (!connector || typeof connectionKey !== "string") continue;
    if (actionKey !== "*") {
      add(actionTool(connector, actionKey, connectionKey, entry));
      continue;
    }
    for (const [key, action] of Object.entries(connector.actions)) if (action.readOnly) add(actionTool(connector, key, connectionKey, {}));
  }
  for (const flow of manifest.flows) if (isToolFlow(flow)) add(flowTool(flow));
  return tools;
}

/**
 * The state machine a connector-action tool call runs: one Action state with the tool's
 * connection; the input (the caller's arguments with the fixed parameters) is the action's input.
 */
export function actionToolFlow(manifest: Pick<Manifest, "tools" | "flows" | "connections">, flowKey: string, registry: ConnectorRegistry): Flow | undefined {
  if (!flowKey.startsWith(ACTION_TOOL_FLOW_PREFIX)) return undefined;
  const tool = toolsOfManifest(manifest, registry).find((t) => t.kind === "action" && t.flowKey === flowKey) as ActionToolDefinition | undefined;
  if (!tool) return undefined;
  const stateName = `${tool.connector}.${tool.action}`;
  return {
    key: flowKey,
    name: tool.name,
    description: tool.description,
    trigger: { type: "manual" },
    StartAt: stateName,
    States: { [stateName]: { Type: "Action", Action: stateName, Connection: tool.connectionKey, End: true } },
  } as unknown as Flow;
}
