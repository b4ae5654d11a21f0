import { z } from "zod";

import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { sandboxBaseUrl } from "@/server/sandbox/config";
import { bearerToken, jsonResponse, matchRoute, readJson, type ApiRoute } from "@/server/sandbox/http";
import { authenticateAccessToken } from "@/server/sandbox/oauth/oauth.service";
import { API_VERSION } from "./outbound-queue";
import { fieldOf, SOBJECTS, type SObjectName } from "./salesforce-objects";
import { isSalesforceId, normaliseId, salesforceUserId } from "./salesforce-ids";
import { createOutboundMessage, createRecord, findRecordOrThrow, recordJson, requireSObject, SalesforceApiError, updateRecord } from "./salesforce.service";
import * as repo from "./salesforce.repo";
import { parseSoql, satisfies, SoqlError, type SoqlQuery } from "./soql";

/**
 * The simulated Salesforce REST API under an org's instance URL (`/sandbox/salesforce`): the sObject
 * resources, `query`, sObject Collections (`composite/sobjects`), the Tooling API's
 * WorkflowOutboundMessage (how outbound message definitions are made without the Setup pages), and
 * OAuth's `userinfo`. Errors are Salesforce's `[{ message, errorCode, fields }]` with its status codes.
 */
interface Ctx {
  request: Request;
  url: URL;
  orgId: string;
  userId: string;
  account: NonNullable<Awaited<ReturnType<typeof findSandboxAccount>>>;
  /** `/sandbox/salesforce/services/data/vNN.N` as the caller addressed it. */
  apiBase: string;
}

const errors = (status: number, errorCode: string, message: string, fields: string[] = []) => jsonResponse(status, [{ message, errorCode, fields }]);

async function body<T extends z.ZodType>(ctx: Ctx, schema: T): Promise<z.output<T>> {
  const raw = await readJson(ctx.request);
  if (raw === null || raw === undefined) throw new SalesforceApiError(400, "JSON_PARSER_ERROR", "The request body is not valid JSON.");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SalesforceApiError(400, "JSON_PARSER_ERROR", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return parsed.data;
}

const fieldsBody = z.record(z.string(), z.unknown());

function describeGlobal() {
  return Object.values(SOBJECTS).map((object) => ({
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    queryable: true,
    retrieveable: true,
    urls: { sobject: `/services/data/v${API_VERSION}/sobjects/${object.name}`, describe: `/services/data/v${API_VERSION}/sobjects/${object.name}/describe` },
  }));
}

async function query(ctx: Ctx) {
  const text = ctx.url.searchParams.get("q");
  if (!text) throw new SalesforceApiError(400, "MALFORMED_QUERY", "A query string (q) is required.");
  let soql: SoqlQuery;
  try {
    soql = parseSoql(text);
  } catch (error) {
    if (error instanceof SoqlError) throw new SalesforceApiError(400, "MALFORMED_QUERY", `${text}\n^\nERROR at Row:1:Column:1\n${error.message}`);
    throw error;
  }
  const sobject = requireSObject(soql.object);
  const known = (name: string) => {
    const field = fieldOf(sobject, name);
    if (!field) throw new SalesforceApiError(400, "INVALID_FIELD", `No such column '${name}' on entity '${sobject}'.`);
    return field;
  };
  const fields = soql.fields.map((name) => known(name).name);
  const conditions = soql.where.map((condition) => ({ condition, field: known(condition.field) }));
  const order = soql.orderBy ? { field: known(soql.orderBy.field).name, direction: soql.orderBy.direction } : undefined;
  let rows = (await repo.listRecords(ctx.orgId, sobject)).map((record) => recordJson(record, ctx.apiBase));
  rows = rows.filter((row) =>
    conditions.every(({ condition, field }) => satisfies(row[field.name], condition, field.type === "id" || field.type === "reference")),
  );
  if (order) {
    const sign = order.direction === "ASC" ? 1 : -1;
    rows.sort((a, b) => sign * String(a[order.field] ?? "").localeCompare(String(b[order.field] ?? "")));
  }
  if (soql.limit !== undefined) rows = rows.slice(0, soql.limit);
  const records = rows.map((row) => Object.fromEntries([["attributes", row.attributes], ...fields.map((name) => [name, row[name] ?? null])]));
  return jsonResponse(200, { totalSize: records.length, done: true, records });
}

const outboundMessageBody = z.object({
  FullName: z.string().regex(/^[A-Za-z]+\.[A-Za-z0-9_]+$/, { error: "FullName is <sObject>.<name>, e.g. Account.Acme_Sync" }),
  Metadata: z.object({
    name: z.string().min(1).optional(),
    endpointUrl: z.string().min(1),
    fields: z.array(z.string()).min(1),
    includeSessionId: z.boolean().default(false),
    integrationUser: z.string().optional(),
    apiVersion: z.union([z.number(), z.string()]).optional(),
    protected: z.boolean().optional(),
    useDeadLetterQueue: z.boolean().optional(),
    description: z.string().optional(),
  }),
});

function outboundMessageJson(message: NonNullable<Awaited<ReturnType<typeof repo.findOutboundMessage>>>, ctx: Ctx) {
  return {
    attributes: { type: "WorkflowOutboundMessage", url: `${ctx.apiBase}/tooling/sobjects/WorkflowOutboundMessage/${message.id}` },
    Id: message.id,
    Name: message.name,
    FullName: `${message.sobject}.${message.name}`,
    EntityDefinitionId: message.sobject,
    ApiVersion: Number(API_VERSION),
    IntegrationUserId: message.integrationUserId,
    Metadata: {
      name: message.name,
      endpointUrl: message.endpointUrl,
      fields: message.fields,
      includeSessionId: message.includeSessionId,
      apiVersion: Number(API_VERSION),
      protected: false,
      useDeadLetterQueue: false,
    },
  };
}

async function toolingQuery(ctx: Ctx) {
  const text = ctx.url.searchParams.get("q") ?? "";
  let soql: SoqlQuery;
  try {
    soql = parseSoql(text);
  } catch (error) {
    if (error instanceof SoqlError) throw new SalesforceApiError(400, "MALFORMED_QUERY", error.message);
    throw error;
  }
  if (soql.object !== "WorkflowOutboundMessage")
    throw new SalesforceApiError(400, "INVALID_TYPE", `sObject type '${soql.object}' is not supported by this Tooling API.`);
  const columns = ["Id", "Name", "FullName", "EntityDefinitionId", "ApiVersion", "IntegrationUserId"];
  for (const field of [...soql.fields, ...soql.where.map((c) => c.field)]) {
    if (field === "Metadata")
      throw new SalesforceApiError(
        400,
        "MALFORMED_QUERY",
        "When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval.",
      );
    if (!columns.includes(field)) throw new SalesforceApiError(400, "INVALID_FIELD", `No such column '${field}' on entity 'WorkflowOutboundMessage'.`);
  }
  let rows = (await repo.listOutboundMessages(ctx.orgId)).map((message) => outboundMessageJson(message, ctx) as Record<string, unknown>);
  rows = rows.filter((row) => soql.where.every((condition) => satisfies(row[condition.field], condition, condition.field === "Id")));
  if (soql.limit !== undefined) rows = rows.slice(0, soql.limit);
  const records = rows.map((row) => Object.fromEntries([["attributes", row.attributes], ...soql.fields.map((name) => [name, row[name] ?? null])]));
  return jsonResponse(200, {
    size: records.length,
    totalSize: records.length,
    done: true,
    queryLocator: null,
    entityTypeName: "WorkflowOutboundMessage",
    records,
  });
}

const collectionBody = z.object({ allOrNone: z.boolean().default(false), records: z.array(z.record(z.string(), z.unknown())).min(1).max(200) });

/** sObject Collections: each record's outcome in order; with allOrNone the first failure stops the rest. */
async function collection(ctx: Ctx, mode: "create" | "update") {
  const input = await body(ctx, collectionBody);
  const results = [];
  for (const record of input.records) {
    const type = (record.attributes as { type?: unknown } | undefined)?.type;
    try {
      if (typeof type !== "string") throw new SalesforceApiError(400, "INVALID_TYPE", "Each record needs attributes.type");
      const { attributes: _attributes, Id: id, ...fields } = record;
      const saved =
        mode === "create" ? await createRecord(ctx.orgId, ctx.userId, type, fields) : await updateRecord(ctx.orgId, ctx.userId, type, String(id ?? ""), fields);
      results.push({ id: saved.id, success: true, errors: [] });
    } catch (error) {
      if (!(error instanceof SalesforceApiError)) throw error;
      results.push({ success: false, errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }] });
      if (input.allOrNone) break;
    }
  }
  return jsonResponse(200, results);
}

const routes: Array<ApiRoute<Ctx>> = [
  { method: "GET", pattern: "/sobjects", handle: async () => jsonResponse(200, { encoding: "UTF-8", maxBatchSize: 200, sobjects: describeGlobal() }) },
  {
    method: "GET",
    pattern: "/sobjects/:type/describe",
    async handle(_ctx, params) {
      const object = SOBJECTS[requireSObject(params.type!)];
      return jsonResponse(200, {
        name: object.name,
        label: object.label,
        keyPrefix: object.keyPrefix,
        fields: object.fields.map((field) => ({ ...field, nillable: !field.required })),
      });
    },
  },
  {
    method: "POST",
    pattern: "/sobjects/:type",
    async handle(ctx, params) {
      const record = await createRecord(ctx.orgId, ctx.userId, params.type!, await body(ctx, fieldsBody));
      return jsonResponse(201, { id: record.id, success: true, errors: [] });
    },
  },
  {
    method: "GET",
    pattern: "/sobjects/:type/:id",
    async handle(ctx, params) {
      const sobject: SObjectName = requireSObject(params.type!);
      const record = await findRecordOrThrow(ctx.orgId, sobject, params.id!);
      const only = ctx.url.searchParams
        .get("fields")
        ?.split(",")
        .map((name) => name.trim())
        .filter(Boolean);
      return jsonResponse(200, recordJson(record, ctx.apiBase, only));
    },
  },
  {
    method: "PATCH",
    pattern: "/sobjects/:type/:id",
    async handle(ctx, params) {
      await updateRecord(ctx.orgId, ctx.userId, params.type!, params.id!, await body(ctx, fieldsBody));
      return jsonResponse(204, null);
    },
  },
  { method: "GET", pattern: "/query", handle: query },
  { method: "POST", pattern: "/composite/sobjects", handle: (ctx) => collection(ctx, "create") },
  { method: "PATCH", pattern: "/composite/sobjects", handle: (ctx) => collection(ctx, "update") },
  {
    method: "POST",
    pattern: "/tooling/sobjects/WorkflowOutboundMessage",
    async handle(ctx) {
      const input = await body(ctx, outboundMessageBody);
      const [sobject, name] = input.FullName.split(".") as [string, string];
      const integrationUserId = input.Metadata.integrationUser ? ctx.userId : null;
      const message = await createOutboundMessage(ctx.orgId, {
        sobject,
        name,
        endpointUrl: input.Metadata.endpointUrl,
        fields: input.Metadata.fields,
        includeSessionId: input.Metadata.includeSessionId,
        integrationUserId,
      });
      return jsonResponse(201, { id: message.id, success: true, errors: [], warnings: [], infos: [] });
    },
  },
  {
    method: "GET",
    pattern: "/tooling/sobjects/WorkflowOutboundMessage/:id",
    async handle(ctx, params) {
      const message = isSalesforceId(params.id!) ? await repo.findOutboundMessage(ctx.orgId, normaliseId(params.id!)) : null;
      if (!message) throw new SalesforceApiError(404, "NOT_FOUND", "The requested resource does not exist");
      return jsonResponse(200, outboundMessageJson(message, ctx));
    },
  },
  {
    method: "DELETE",
    pattern: "/tooling/sobjects/WorkflowOutboundMessage/:id",
    async handle(ctx, params) {
      const deleted = isSalesforceId(params.id!) && (await repo.deleteOutboundMessage(ctx.orgId, normaliseId(params.id!)));
      if (!deleted) throw new SalesforceApiError(404, "ENTITY_IS_DELETED", "entity is deleted");
      return jsonResponse(204, null);
    },
  },
  { method: "GET", pattern: "/tooling/query", handle: toolingQuery },
];

async function authenticate(request: Request): Promise<Omit<Ctx, "url" | "apiBase"> | Response> {
  const check = await authenticateAccessToken("salesforce", bearerToken(request));
  if (!check.ok) return errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
  const account = await findSandboxAccount(check.accountId);
  if (!account?.workspace) return errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
  return { request, orgId: account.workspace, userId: salesforceUserId(account.id), account };
}

/** `/services/oauth2/userinfo`: who the token acts as, in which org (Salesforce's OpenID Connect answer). */
async function userinfo(request: Request): Promise<Response> {
  const who = await authenticate(request);
  if (who instanceof Response) return jsonResponse(403, { error: "invalid_token", error_description: "Session expired or invalid" });
  const base = sandboxBaseUrl("salesforce");
  return jsonResponse(200, {
    sub: `${base}/id/${who.orgId}/${who.userId}`,
    user_id: who.userId,
    organization_id: who.orgId,
    preferred_username: who.account.login,
    email: who.account.email,
    name: who.account.name,
    urls: {
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      query: `${base}/services/data/v{version}/query/`,
    },
  });
}

/** Serves `path` below `/sandbox/salesforce` (`/services/data/v60.0/sobjects/Account`, …). */
export async function handleSalesforceApi(request: Request, path: string): Promise<Response> {
  if (path === "/services/oauth2/userinfo") return userinfo(request);
  if (path === "/services/data" || path === "/services/data/") {
    return jsonResponse(200, [{ label: "Spring '24", url: `/services/data/v${API_VERSION}`, version: API_VERSION }]);
  }
  const versioned = /^\/services\/data\/v(\d+)\.(\d)(\/.*)$/.exec(path);
  if (!versioned) return errors(404, "NOT_FOUND", "The requested resource does not exist");
  if (Number(versioned[1]) < 20) return errors(404, "NOT_FOUND", `API version ${versioned[1]}.${versioned[2]} is not supported`);
  const who = await authenticate(request);
  if (who instanceof Response) return who;
  const url = new URL(request.url);
  const ctx: Ctx = { ...who, url, apiBase: `${sandboxBaseUrl("salesforce")}/services/data/v${versioned[1]}.${versioned[2]}` };
  const found = matchRoute(routes, request.method, versioned[3]!.replace(/\/$/, ""));
  if (found === "methodNotAllowed") return errors(405, "METHOD_NOT_ALLOWED", `HTTP Method '${request.method}' not allowed. Allowed are GET,HEAD,PATCH,POST`);
  if (!found) return errors(404, "NOT_FOUND", "The requested resource does not exist");
  try {
    return await found.route.handle(ctx, found.params);
  } catch (error) {
    if (error instanceof SalesforceApiError) return errors(error.status, error.errorCode, error.message, error.fields);
    throw error;
  }
}
