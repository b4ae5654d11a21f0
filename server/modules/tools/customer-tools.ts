/**
 * The tools one customer can call: those of each active instance, with the instance's connection.
 * When two instances expose the same connector action the customer gets one tool that takes a
 * `connection` argument; any other clash of names is resolved by prefixing the integration key.
 */
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { TOOL_NAME_PATTERN } from "@/server/manifest/tools.schema";
import { pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { toolsOfManifest, type JsonSchema, type ToolDefinition } from "./tool-definitions";
import { listInstanceConnections, listToolInstances } from "./tools.repo";

export interface ToolConnection {
  id: string;
  key: string;
  connector: string;
  accountLabel: string | null;
  status: "active" | "broken";
  statusReason: string | null;
}

/** One instance's way of running a tool. */
export interface ToolTarget {
  instanceId: string;
  integrationVersionId: string;
  integration: { key: string; name: string };
  manifest: Manifest;
  /** The instance's settings that are not secret: what fixed parameters may read. */
  settings: Record<string, unknown>;
  definition: ToolDefinition;
  /** For connector-action tools: the instance's connection, null when the customer has not connected it. */
  connection: ToolConnection | null;
}

export interface CustomerTool {
  name: string;
  kind: "action" | "flow";
  description: string;
  inputSchema: JsonSchema;
  readOnly: boolean;
  destructive: boolean;
  /** `connector.action` of a connector-action tool. */
  action?: string;
  targets: ToolTarget[];
}

type Scope = { organizationId: string; customerId: string };

async function targetsOf(scope: Scope, registry: ConnectorRegistry): Promise<ToolTarget[]> {
  const instances = await listToolInstances(scope);
  if (instances.length === 0) return [];
  const connections = await listInstanceConnections(
    scope,
    instances.map((i) => i.id),
  );
  const targets: ToolTarget[] = [];
  for (const instance of instances) {
    const { manifest } = await pinnedManifest(scope.organizationId, instance.integrationVersionId);
    for (const definition of toolsOfManifest(manifest, registry)) {
      const connection =
        definition.kind === "action" ? (connections.find((c) => c.instanceId === instance.id && c.key === definition.connectionKey) ?? null) : null;
      targets.push({
        instanceId: instance.id,
        integrationVersionId: instance.integrationVersionId,
        integration: instance.integration,
        manifest,
        settings: (instance.configValues ?? {}) as Record<string, unknown>,
        definition,
        connection: connection && {
          id: connection.id,
          key: connection.key,
          connector: connection.connector,
          accountLabel: connection.accountLabel,
          status: connection.status,
          statusReason: connection.statusReason,
        },
      });
    }
  }
  return targets;
}

function describeTarget(target: ToolTarget): string {
  const account = target.connection?.accountLabel ? `${target.connection.accountLabel}, ` : "";
  return `${target.connection?.id ?? "not connected"} (${account}${target.integration.name})`;
}

/**
 * One tool run by several instances: the caller picks the connection. Its input accepts what any
 * of them accepts and requires what all of them require; the chosen one's own rules then apply
 * (a field another integration fixes is refused there).
 */
function mergedTool(name: string, targets: ToolTarget[]): CustomerTool {
  const schemas = targets.map((t) => t.definition.inputSchema);
  const ids = targets.map((t) => t.connection?.id).filter((id): id is string => Boolean(id));
  const properties: Record<string, unknown> = Object.assign({}, ...[...schemas].reverse().map((s) => (s.properties as Record<string, unknown>) ?? {}));
  properties.connection = {
    type: "string",
    ...(ids.length ? { enum: ids } : {}),
    description: `Which of the customer's connections to use: ${targets.map(describeTarget).join("; ")}`,
  };
  const requiredBy = (schema: JsonSchema) => new Set((schema.required as string[] | undefined) ?? []);
  const required = [...requiredBy(schemas[0])].filter((field) => schemas.every((schema) => requiredBy(schema).has(field)));
  const { definition } = targets[0];
  return {
    name,
    kind: "action",
    description: `${definition.description} The customer has ${targets.length} connections for it; pass \`connection\`.`,
    inputSchema: { ...definition.inputSchema, properties, required: [...required, "connection"] },
    readOnly: targets.every((t) => t.definition.readOnly),
    destructive: targets.some((t) => t.definition.destructive),
    action: actionOf(definition),
    targets,
  };
}

const actionOf = (definition: ToolDefinition) => (definition.kind === "action" ? `${definition.connector}.${definition.action}` : undefined);

function singleTool(name: string, target: ToolTarget): CustomerTool {
  const { definition } = target;
  const account = definition.kind === "action" && target.connection?.accountLabel ? ` Runs as ${target.connection.accountLabel}.` : "";
  return {
    name,
    kind: definition.kind,
    description: `${definition.description}${account}`,
    inputSchema: definition.inputSchema,
    readOnly: definition.readOnly,
    destructive: definition.destructive,
    action: actionOf(definition),
    targets: [target],
  };
}

/** Every tool the customer can call now, sorted by name. */
export async function listCustomerTools(scope: Scope, registry: ConnectorRegistry = connectorRegistry): Promise<CustomerTool[]> {
  const byName = new Map<string, ToolTarget[]>();
  for (const target of await targetsOf(scope, registry)) byName.set(target.definition.name, [...(byName.get(target.definition.name) ?? []), target]);
  const tools: CustomerTool[] = [];
  for (const [name, targets] of byName) {
    if (targets.length === 1) tools.push(singleTool(name, targets[0]));
    else if (new Set(targets.map((t) => actionOf(t.definition) ?? `flow:${t.instanceId}`)).size === 1) tools.push(mergedTool(name, targets));
    else {
      for (const target of targets) {
        const qualified = `${target.integration.key}_${name}`;
        if (TOOL_NAME_PATTERN.test(qualified)) tools.push(singleTool(qualified, target));
      }
    }
  }
  return tools.sort((a, b) => a.name.localeCompare(b.name));
}
