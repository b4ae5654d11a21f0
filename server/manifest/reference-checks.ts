import type { CheckContext } from "@/server/manifest/check-context";
import { checkConnectorKey, checkConnectorMember } from "@/server/manifest/connector-checks";
import { checkExpression, checkMatchKeys, checkPath, checkPayload } from "@/server/manifest/expression-checks";
import type { ManifestPath } from "@/server/manifest/manifest-error";
import { asArray, asRecord, asString, entriesOf, type RawRecord } from "@/server/manifest/raw";
import { didYouMean } from "@/server/manifest/suggest";

const SECRET_FIELD_TYPES = new Set(["secret", "string", "text"]);

export function checkConnectionReference(value: unknown, path: ManifestPath, ctx: CheckContext): void {
  const key = asString(value);
  if (key === undefined || ctx.connections.has(key)) return;
  ctx.findings.push({ path, message: `no connection named "${key}" in \`connections\`${didYouMean(key, ctx.connections.keys())}` });
}

export function checkFlowReference(value: unknown, path: ManifestPath, ctx: CheckContext): void {
  const key = asString(value);
  if (key === undefined || ctx.flowKeys.has(key)) return;
  ctx.findings.push({ path, message: `no flow with key "${key}"${didYouMean(key, ctx.flowKeys)}` });
}

/** `{ config: key }` must name a config field of a type that can hold what is asked for. */
export function checkConfigFieldReference(ref: RawRecord, path: ManifestPath, allowed: Set<string>, what: string, ctx: CheckContext): void {
  const key = asString(ref.config);
  if (key === undefined) return;
  const refPath = [...path, "config"];
  if (!ctx.configFields.has(key)) {
    ctx.findings.push({ path: refPath, message: `no config field with key "${key}"${didYouMean(key, ctx.configFields.keys())}` });
    return;
  }
  const type = ctx.configFields.get(key);
  if (type !== undefined && !allowed.has(type)) {
    ctx.findings.push({ path: refPath, message: `config field "${key}" is a ${type} field; ${what} needs a ${[...allowed].join(" or ")} field` });
  }
}

function checkSecret(secret: unknown, path: ManifestPath, ctx: CheckContext): void {
  if (Array.isArray(secret)) secret.forEach((item, index) => checkSecret(item, [...path, index], ctx));
  const ref = asRecord(secret);
  if (ref) checkConfigFieldReference(ref, path, SECRET_FIELD_TYPES, "a secret", ctx);
}

export function checkVerify(verify: unknown, path: ManifestPath, ctx: CheckContext): void {
  if (Array.isArray(verify)) {
    verify.forEach((rule, index) => checkVerify(rule, [...path, index], ctx));
    return;
  }
  const rule = asRecord(verify);
  if (!rule) return;
  if (rule.secret !== undefined) checkSecret(rule.secret, [...path, "secret"], ctx);
  if (rule.password !== undefined) checkSecret(rule.password, [...path, "password"], ctx);
  if (rule.scheme === "challenge") {
    checkMatchKeys(rule.when, [...path, "when"], ctx);
    checkPath(rule.respond, [...path, "respond"], ctx);
  }
}

export function checkDedupe(dedupe: unknown, path: ManifestPath, ctx: CheckContext): void {
  const rule = asRecord(dedupe);
  if (rule) checkPath(rule.path, [...path, "path"], ctx);
}

export function checkEndpoints(endpoints: unknown, ctx: CheckContext): void {
  const spec = asRecord(endpoints);
  if (!spec) return;
  const path = ["endpoints"];
  checkVerify(spec.verify, [...path, "verify"], ctx);
  checkDedupe(spec.dedupe, [...path, "dedupe"], ctx);
  const dispatch = spec.dispatch;
  asArray(dispatch).forEach((route, index) => {
    const routePath = [...path, "dispatch", index];
    checkFlowReference(asRecord(route)?.flow, [...routePath, "flow"], ctx);
    checkMatchKeys(asRecord(route)?.when, [...routePath, "when"], ctx);
  });
  const rule = asRecord(dispatch);
  if (rule) {
    checkPath(rule.eventTypePath, [...path, "dispatch", "eventTypePath"], ctx);
    checkPath(rule.eventSourcePath, [...path, "dispatch", "eventSourcePath"], ctx);
    checkFlowReference(rule.preprocess, [...path, "dispatch", "preprocess"], ctx);
  }
}

export function checkSubscriptions(subscriptions: unknown, ctx: CheckContext): void {
  asArray(subscriptions).forEach((subscription, index) => {
    checkFlowReference(asRecord(subscription)?.flow, ["subscriptions", index, "flow"], ctx);
  });
}

/** The flows `customerLogs.replay` lets customers replay must exist. */
export function checkCustomerLogs(customerLogs: unknown, ctx: CheckContext): void {
  const replay = asRecord(customerLogs)?.replay;
  if (Array.isArray(replay)) replay.forEach((flow, index) => checkFlowReference(flow, ["customerLogs", "replay", index], ctx));
}

/** Connection and data-source references made by config fields. */
export function checkConfigFieldReferences(field: RawRecord, path: ManifestPath, ctx: CheckContext): void {
  if (field.type === "connection") checkConnectionReference(field.connection, [...path, "connection"], ctx);
  const dataSource = asRecord(field.dataSource);
  if (!dataSource) return;
  const connection = asString(dataSource.connection);
  checkConnectionReference(connection, [...path, "dataSource", "connection"], ctx);
  const declared = connection === undefined ? undefined : ctx.connections.get(connection);
  const wanted = asString(dataSource.connector);
  if (declared !== undefined && wanted !== undefined && declared !== wanted) {
    ctx.findings.push({
      path: [...path, "dataSource", "connector"],
      message: `connection "${connection}" is a ${declared} connection, but this data source belongs to connector "${wanted}"`,
    });
  }
  checkConnectorKey(wanted, [...path, "dataSource", "connector"], ctx);
  const source = asString(dataSource.source);
  if (wanted !== undefined && source !== undefined) checkConnectorMember(wanted, source, "data source", [...path, "dataSource", "source"], ctx, false);
}

/** HTTP action definitions: their connection, and every templated (`.$`) part. */
export function checkHttpActions(actions: unknown, ctx: CheckContext): void {
  for (const [key, value] of entriesOf(actions)) {
    const action = asRecord(value);
    if (!action) continue;
    const path = ["actions", key];
    checkConnectionReference(action.connection, [...path, "connection"], ctx);
    for (const field of ["url.$", "path.$"]) {
      if (action[field] !== undefined) checkExpression(action[field], [...path, field], ctx);
    }
    for (const list of ["headers", "query"]) {
      asArray(action[list]).forEach((pair, index) => {
        const entry = asRecord(pair);
        if (entry?.["value.$"] !== undefined) checkExpression(entry["value.$"], [...path, list, index, "value.$"], ctx);
      });
    }
    checkPayload(action.requestBody, [...path, "requestBody"], ctx);
  }
}
