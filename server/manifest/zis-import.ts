import type { z } from "zod";

import type { FlowInput, ManifestInput } from "@/server/manifest/manifest.schema";
import { formatPath } from "@/server/manifest/manifest-error";
import {
  zisBundleSchema,
  zisFlowSchema,
  zisHttpActionSchema,
  zisJobSpecSchema,
  type ZisFlow,
  type ZisHttpAction,
  type ZisJobSpec,
} from "@/server/manifest/zis-bundle.schema";
import { convertTemplates, zisTemplateToExpression } from "@/server/manifest/zis-templates";

export interface ZisImportResult {
  manifest: ManifestInput;
  /** Everything that could not be carried over as-is, for the person doing the import to review. */
  warnings: string[];
}

/** Zendesk actions (`path` instead of `url`) run with the Zendesk connection. */
const ZENDESK_CONNECTION = "zendesk";
/** Where the per-instance endpoint reads a forwarded ZIS event's type and source. */
const EVENT_TYPE_PATH = "$.event_type";
const EVENT_SOURCE_PATH = "$.event_source";

/** How the imported integration is listed; a bundle has only a code-like name (`zis_tutorial`). */
export interface ZisListing {
  name?: string;
  description?: string;
  category?: string;
  icon?: string;
}

/** `zis_tutorial` → `Zis tutorial`: a bundle name readable as a title when no listing name is given. */
function readableName(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

/**
 * Converts a Zendesk ZIS bundle into a manifest: HTTP actions become `actions`, flows keep their
 * state machines (ZIS already speaks ASL), and JobSpecs become `subscriptions` fed by one
 * per-instance endpoint that dispatches on the event type. Throws when the bundle itself is
 * malformed; anything merely unsupported becomes a warning.
 */
export function importZisBundle(bundle: unknown, listing: ZisListing = {}): ZisImportResult {
  const parsed = zisBundleSchema.safeParse(bundle);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path as Array<string | number>) || "bundle"}: ${issue.message}`);
    throw new Error(`not a ZIS bundle: ${problems.join("; ")}`);
  }
  const { name, description, resources } = parsed.data;
  const warnings: string[] = [];
  const keys = new KeyAllocator();
  const actions: NonNullable<ManifestInput["actions"]> = {};
  const actionKeys = new Map<string, string>();
  const flowKeys = new Map<string, string>();
  const flowResources: ZisFlow[] = [];
  const jobSpecs: Array<{ resource: string; spec: ZisJobSpec }> = [];
  let usesZendesk = false;

  for (const [resourceName, resource] of Object.entries(resources)) {
    if (resource.type === "ZIS::Action::Http") {
      const action = parseResource(zisHttpActionSchema, resource, resourceName, warnings);
      if (!action) continue;
      const key = keys.allocate("action", action.properties.name);
      actionKeys.set(action.properties.name, key);
      const converted = convertHttpAction(action, resourceName, warnings);
      usesZendesk ||= converted.connection === ZENDESK_CONNECTION;
      actions[key] = converted;
    } else if (resource.type === "ZIS::Flow") {
      const flow = parseResource(zisFlowSchema, resource, resourceName, warnings);
      if (!flow) continue;
      flowKeys.set(flow.properties.name, keys.allocate("flow", flow.properties.name));
      flowResources.push(flow);
    } else if (resource.type === "ZIS::JobSpec") {
      const spec = parseResource(zisJobSpecSchema, resource, resourceName, warnings);
      if (spec) jobSpecs.push({ resource: resourceName, spec });
    } else {
      warnings.push(`resource "${resourceName}" (${resource.type}) has no Switchyard equivalent and was skipped`);
    }
  }

  const subscriptions: NonNullable<ManifestInput["subscriptions"]> = [];
  for (const { resource, spec } of jobSpecs) {
    const flowName = lastSegment(spec.properties.flow_name, "flow");
    const flow = flowName === undefined ? undefined : flowKeys.get(flowName);
    if (flow === undefined) {
      warnings.push(`JobSpec "${resource}" names flow "${spec.properties.flow_name}", which is not in the bundle; it was skipped`);
      continue;
    }
    const { name: specName, event_source, event_type } = spec.properties;
    subscriptions.push({ name: specName, event_source, event_type, flow });
  }
  const subscribed = new Set(subscriptions.map((subscription) => subscription.flow));

  const flows = flowResources.map((flow): FlowInput => {
    const key = flowKeys.get(flow.properties.name)!;
    if (!subscribed.has(key)) warnings.push(`flow "${flow.properties.name}" has no JobSpec; it was imported with a manual trigger`);
    // Rewriting keeps the definition's shape: StartAt and States survive, only values change.
    const definition = convertTemplates(
      rewriteActionReferences(flow.properties.definition, actionKeys, flow.properties.name, warnings),
    ) as ZisFlow["properties"]["definition"];
    return {
      key,
      name: flow.properties.name,
      trigger: subscribed.has(key) ? { type: "event" as const } : { type: "manual" as const },
      ...definition,
    };
  });

  if (subscriptions.length > 0) {
    warnings.push(
      `events are dispatched on ${EVENT_TYPE_PATH} and ${EVENT_SOURCE_PATH}: the sender must wrap each ZIS event as { event_source, event_type, account_id, subdomain, integration_key, input }`,
    );
  }

  const manifest: ManifestInput = {
    key: integrationKey(
      name,
      jobSpecs.map((job) => job.spec.properties.flow_name),
    ),
    name: listing.name ?? readableName(name),
    ...((listing.description ?? description) ? { description: listing.description ?? description } : {}),
    ...(listing.category ? { category: listing.category } : {}),
    // ZIS integrations are Zendesk integrations.
    icon: listing.icon ?? "zendesk",
    connections: usesZendesk ? { [ZENDESK_CONNECTION]: { connector: "zendesk", label: "Zendesk" } } : {},
    endpoints:
      subscriptions.length > 0
        ? { mode: "per-instance", dispatch: { eventTypePath: EVENT_TYPE_PATH, eventSourcePath: EVENT_SOURCE_PATH } }
        : { mode: "per-flow" },
    flows,
    actions,
    subscriptions,
  };
  return { manifest, warnings };
}

function parseResource<T>(schema: z.ZodType<T>, resource: unknown, name: string, warnings: string[]): T | undefined {
  const result = schema.safeParse(resource);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath(issue.path as Array<string | number>)}: ${issue.message}`);
  warnings.push(`resource "${name}" is malformed and was skipped (${problems.join("; ")})`);
  return undefined;
}

const MAPPED_ACTION_FIELDS = new Set(["method", "url", "url.$", "path", "path.$", "headers", "query", "requestBody", "connectionName"]);

function convertHttpAction(action: ZisHttpAction, resourceName: string, warnings: string[]) {
  const definition = action.properties.definition;
  for (const field of Object.keys(definition)) {
    if (!MAPPED_ACTION_FIELDS.has(field)) warnings.push(`action "${resourceName}": field "${field}" is not supported and was dropped`);
  }
  const pairs = (list: typeof definition.headers) =>
    list?.map((pair) =>
      pair["value.$"] !== undefined ? { key: pair.key, "value.$": zisTemplateToExpression(pair["value.$"]) } : { key: pair.key, value: pair.value ?? "" },
    );
  const targetsZendesk = definition.path !== undefined || definition["path.$"] !== undefined;
  if (definition.connectionName !== undefined && definition.connectionName !== ZENDESK_CONNECTION) {
    warnings.push(`action "${resourceName}": ZIS connection "${definition.connectionName}" must be recreated as a Switchyard connection; it was dropped`);
  }
  const connection = targetsZendesk || definition.connectionName === ZENDESK_CONNECTION ? ZENDESK_CONNECTION : undefined;
  return {
    method: definition.method.toUpperCase() as "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    ...(definition.url !== undefined ? { url: definition.url } : {}),
    ...(definition["url.$"] !== undefined ? { "url.$": zisTemplateToExpression(definition["url.$"]) } : {}),
    ...(definition.path !== undefined ? { path: definition.path } : {}),
    ...(definition["path.$"] !== undefined ? { "path.$": zisTemplateToExpression(definition["path.$"]) } : {}),
    ...(definition.headers ? { headers: pairs(definition.headers) } : {}),
    ...(definition.query ? { query: pairs(definition.query) } : {}),
    ...(definition.requestBody !== undefined ? { requestBody: convertTemplates(definition.requestBody) } : {}),
    ...(connection ? { connection } : {}),
  };
}

/**
 * ZIS Action states name their action as `zis:<integration>:action:<name>` in ActionName (or
 * Resource); the manifest names it by its key in `actions`. Nested Map/Parallel machines too.
 */
function rewriteActionReferences(value: unknown, actionKeys: Map<string, string>, flowName: string, warnings: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteActionReferences(item, actionKeys, flowName, warnings));
  if (value === null || typeof value !== "object") return value;
  const record = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewriteActionReferences(inner, actionKeys, flowName, warnings)]));
  const reference = record.ActionName ?? record.Resource;
  if ((record.Type === "Action" || record.Type === "Task") && typeof reference === "string") {
    delete record.ActionName;
    delete record.Resource;
    const name = lastSegment(reference, "action");
    const key = name === undefined ? undefined : actionKeys.get(name);
    if (key !== undefined) record.Action = key;
    else {
      // Built-in ZIS actions (zis:common:…) have no Switchyard counterpart yet; keep the name visible.
      record.Action = `zis.${reference.replace(/^zis:/, "").replace(/:/g, "-")}`;
      warnings.push(`flow "${flowName}": action "${reference}" is not defined in the bundle; it was mapped to "${record.Action}", which needs a connector`);
    }
  }
  return record;
}

/** `zis:my_integration:action:post-it` → `post-it` (when the kind matches). */
function lastSegment(reference: string, kind: "action" | "flow"): string | undefined {
  const match = /^zis:([^:]+):(action|flow):(.+)$/.exec(reference);
  if (!match) return undefined;
  return match[2] === kind ? match[3] : undefined;
}

/** The integration key from the `zis:<integration>:…` references when present, else the bundle name. */
function integrationKey(bundleName: string, flowReferences: string[]): string {
  const fromReference = flowReferences.map((reference) => /^zis:([^:]+):/.exec(reference)?.[1]).find((found) => found && found !== "common");
  return slugify(fromReference ?? bundleName) || "zis-import";
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Manifest keys cannot contain dots or start with a digit; ZIS names can. Keeps keys unique per kind. */
class KeyAllocator {
  private readonly used = new Map<string, Set<string>>();

  allocate(kind: string, name: string): string {
    const used = this.used.get(kind) ?? new Set<string>();
    this.used.set(kind, used);
    let base = name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
    if (!/^[A-Za-z]/.test(base)) base = `${kind}-${base}`;
    let key = base;
    for (let suffix = 2; used.has(key); suffix += 1) key = `${base}-${suffix}`;
    used.add(key);
    return key;
  }
}
