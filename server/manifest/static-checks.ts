import type { CheckContext } from "@/server/manifest/check-context";
import type { ConnectorCatalogue } from "@/server/manifest/connector-catalogue";
import { checkConnectorKey, checkConnectorMember } from "@/server/manifest/connector-checks";
import { checkPath, checkStateExpressions } from "@/server/manifest/expression-checks";
import { formatPath, type Finding, type ManifestPath } from "@/server/manifest/manifest-error";
import { asArray, asRecord, asString, entriesOf, type RawRecord } from "@/server/manifest/raw";
import {
  checkConfigFieldReferences,
  checkConnectionReference,
  checkEndpoints,
  checkHttpActions,
  checkCustomerLogs,
  checkSubscriptions,
} from "@/server/manifest/reference-checks";
import { checkStateMachine, type StateVisit } from "@/server/manifest/state-graph-checks";
import { checkTools } from "@/server/manifest/tool-checks";
import { didYouMean } from "@/server/manifest/suggest";
import { triggerKindOf } from "@/server/manifest/trigger-kinds/trigger-kinds";

export interface StaticCheckOptions {
  /** The connectors there are and what they offer; without it, references to connectors are not judged. */
  catalogue?: ConnectorCatalogue;
}

/**
 * Checks what a schema cannot see: names that must refer to something else in the manifest, the
 * shape of each state machine, and the syntax of every JSONPath and intrinsic. Runs on the raw
 * document so it still reports when the schema has rejected unrelated parts.
 */
export function runStaticChecks(data: unknown, options: StaticCheckOptions = {}): Finding[] {
  const root = asRecord(data);
  if (!root) return [];
  const ctx: CheckContext = {
    findings: [],
    configFields: new Map(),
    connections: new Map(entriesOf(root.connections).map(([key, value]) => [key, asString(asRecord(value)?.connector)])),
    httpActions: new Set(entriesOf(root.actions).map(([key]) => key)),
    flowKeys: new Set(),
    catalogue: options.catalogue,
  };
  for (const [key, value] of entriesOf(root.connections)) checkConnectorKey(asRecord(value)?.connector, ["connections", key, "connector"], ctx);

  const fieldPaths = collectConfigFields(root.config, ctx);
  const flows = asArray(root.flows);
  collectFlowKeys(flows, ctx);

  for (const [path, field] of fieldPaths) checkConfigFieldReferences(field, path, ctx);
  checkEndpoints(root.endpoints, ctx);
  checkSubscriptions(root.subscriptions, ctx);
  checkCustomerLogs(root.customerLogs, ctx);
  checkHttpActions(root.actions, ctx);
  checkTools(root.tools, flows, ctx);
  flows.forEach((value, index) => {
    const flow = asRecord(value);
    if (!flow) return;
    checkTrigger(flow.trigger, ["flows", index, "trigger"], ctx);
    checkConcurrency(flow, ["flows", index], ctx);
    checkStateMachine(flow, ["flows", index], ctx.findings, (visit) => checkState(visit, ctx));
  });
  return ctx.findings;
}

/** Records every config field and reports keys used twice (values are stored by key alone). */
function collectConfigFields(config: unknown, ctx: CheckContext): Array<[ManifestPath, Record<string, unknown>]> {
  const seenAt = new Map<string, ManifestPath>();
  const fields: Array<[ManifestPath, Record<string, unknown>]> = [];
  asArray(asRecord(config)?.pages).forEach((page, pageIndex) => {
    asArray(asRecord(page)?.fields).forEach((value, fieldIndex) => {
      const field = asRecord(value);
      if (!field) return;
      const path = ["config", "pages", pageIndex, "fields", fieldIndex];
      fields.push([path, field]);
      const key = asString(field.key);
      if (key === undefined) return;
      const first = seenAt.get(key);
      if (first) ctx.findings.push({ path: [...path, "key"], message: `duplicate config field key "${key}" (also at ${formatPath(first)})` });
      else {
        seenAt.set(key, path);
        ctx.configFields.set(key, asString(field.type));
      }
    });
  });
  return fields;
}

function collectFlowKeys(flows: unknown[], ctx: CheckContext): void {
  const seenAt = new Map<string, number>();
  flows.forEach((value, index) => {
    const key = asString(asRecord(value)?.key);
    if (key === undefined) return;
    const first = seenAt.get(key);
    if (first !== undefined) ctx.findings.push({ path: ["flows", index, "key"], message: `duplicate flow key "${key}" (also flows[${first}])` });
    else seenAt.set(key, index);
    ctx.flowKeys.add(key);
  });
}

function checkState({ state, path }: StateVisit, ctx: CheckContext): void {
  checkStateExpressions(state, path, ctx);
  checkConnectionReference(state.Connection, [...path, "Connection"], ctx);
  for (const field of ["Action", "Resource"]) {
    const reference = asString(state[field]);
    if (reference !== undefined) checkActionReference(reference, asString(state.Connection), [...path, field], ctx);
  }
}

/**
 * `connector.action` names a connector's action (judged by the injected catalogue, with the closest
 * name suggested); a name without a dot names one of the manifest's own HTTP `actions`.
 */
function checkActionReference(reference: string, connection: string | undefined, path: ManifestPath, ctx: CheckContext): void {
  const dot = reference.indexOf(".");
  if (dot === -1) {
    if (!ctx.httpActions.has(reference)) {
      ctx.findings.push({ path, message: `no HTTP action named "${reference}" in \`actions\`${didYouMean(reference, ctx.httpActions)}` });
    }
    return;
  }
  const connector = reference.slice(0, dot);
  const action = reference.slice(dot + 1);
  checkConnectorMember(connector, action, "action", path, ctx, true);
  const connectionConnector = connection === undefined ? undefined : ctx.connections.get(connection);
  if (connectionConnector !== undefined && connectionConnector !== connector) {
    ctx.findings.push({
      path,
      message: `action "${reference}" belongs to connector "${connector}", but Connection "${connection}" is a ${connectionConnector} connection`,
    });
  }
}

/** What the trigger's kind checks beyond the schema (trigger-kinds/<kind>.kind.ts). */
function checkTrigger(trigger: unknown, path: ManifestPath, ctx: CheckContext): void {
  const spec = asRecord(trigger);
  if (spec) triggerKindOf(spec.type)?.check?.(spec, path, ctx);
}

/** Triggers whose executions cannot wait for a turn (their kind says why): lifecycle flows settle their instance, a synchronous flow answers its caller. */
function checkConcurrency(flow: RawRecord, path: ManifestPath, ctx: CheckContext): void {
  const spec = asRecord(flow.concurrency);
  if (!spec || spec.mode === "parallel") return;
  const trigger = asRecord(flow.trigger);
  const conflict = trigger ? triggerKindOf(trigger.type)?.concurrencyConflict?.(trigger) : null;
  if (conflict) ctx.findings.push({ path: [...path, "concurrency"], message: conflict });
  if (spec.mode === "fifo" && spec.key !== undefined) checkPath(spec.key, [...path, "concurrency", "key"], ctx);
}
