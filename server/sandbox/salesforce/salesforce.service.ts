/**
 * What happens in the simulated Salesforce org, whether the REST API or the sandbox pages asked:
 * records are checked against their object's fields, written, and queue the outbound messages that
 * cover their object (outbound-queue.ts). The user who made the change becomes LastModifiedById,
 * which is how an integration recognises its own writes.
 */
import { sandboxNow } from "@/server/sandbox/clock";
import { queueNotifications } from "./outbound-queue";
import { fieldOf, isSObjectName, SOBJECTS, type SObjectName } from "./salesforce-objects";
import { isSalesforceId, KEY_PREFIX, newSalesforceId, normaliseId } from "./salesforce-ids";
import * as repo from "./salesforce.repo";

/** A problem Salesforce reports as `[{ message, errorCode, fields }]`. */
export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

export function requireSObject(name: string): SObjectName {
  if (!isSObjectName(name)) throw new SalesforceApiError(404, "NOT_FOUND", `The requested resource does not exist: sObject type '${name}' is not supported.`);
  return name;
}

/** Field values checked as Salesforce checks them: known, writable, of the right kind; names as the object spells them. */
function checkFields(sobject: SObjectName, input: Record<string, unknown>, mode: "create" | "update"): repo.FieldValues {
  const values: repo.FieldValues = {};
  for (const [name, raw] of Object.entries(input)) {
    if (name === "attributes") continue;
    const field = fieldOf(sobject, name);
    if (!field) throw new SalesforceApiError(400, "INVALID_FIELD", `No such column '${name}' on sobject of type ${sobject}`, [name]);
    if (mode === "create" ? !field.createable : !field.updateable) {
      throw new SalesforceApiError(
        400,
        "INVALID_FIELD_FOR_INSERT_UPDATE",
        `Unable to ${mode} field '${field.name}' on ${sobject}: it is not ${mode === "create" ? "createable" : "updateable"}`,
        [field.name],
      );
    }
    if (raw === null || raw === "") {
      values[field.name] = null;
      continue;
    }
    if (field.type === "currency" || field.type === "percent") {
      const number = typeof raw === "number" ? raw : Number(raw);
      if (!Number.isFinite(number))
        throw new SalesforceApiError(400, "JSON_PARSER_ERROR", `Cannot deserialize ${JSON.stringify(raw)} as a number for field ${field.name}`, [field.name]);
      values[field.name] = number;
    } else if (typeof raw !== "string") {
      throw new SalesforceApiError(400, "JSON_PARSER_ERROR", `Cannot deserialize ${JSON.stringify(raw)} as text for field ${field.name}`, [field.name]);
    } else if (field.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      throw new SalesforceApiError(400, "JSON_PARSER_ERROR", `Cannot deserialize "${raw}" as a date for field ${field.name} (expected YYYY-MM-DD)`, [
        field.name,
      ]);
    } else if (field.type === "picklist" && field.picklistValues && !field.picklistValues.includes(raw)) {
      throw new SalesforceApiError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${field.label}: bad value for restricted picklist field: ${raw}`, [
        field.name,
      ]);
    } else if (field.type === "reference") {
      if (!isSalesforceId(raw)) throw new SalesforceApiError(400, "MALFORMED_ID", `${field.label}: id value of incorrect type: ${raw}`, [field.name]);
      values[field.name] = normaliseId(raw);
    } else {
      values[field.name] = raw;
    }
  }
  return values;
}

function checkRequired(sobject: SObjectName, values: repo.FieldValues) {
  const missing = SOBJECTS[sobject].fields
    .filter((field) => field.required && (values[field.name] === undefined || values[field.name] === null))
    .map((field) => field.name);
  if (missing.length > 0) throw new SalesforceApiError(400, "REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.join(", ")}]`, missing);
}

async function checkReferences(orgId: string, sobject: SObjectName, values: repo.FieldValues) {
  for (const field of SOBJECTS[sobject].fields) {
    const id = values[field.name];
    if (field.type !== "reference" || field.referenceTo !== "Account" || typeof id !== "string") continue;
    if (!(await repo.findRecord(orgId, "Account", id))) {
      throw new SalesforceApiError(400, "INVALID_CROSS_REFERENCE_KEY", `${field.label}: id value of incorrect type or not found: ${id}`, [field.name]);
    }
  }
}

export async function createRecord(orgId: string, userId: string, sobjectName: string, input: Record<string, unknown>): Promise<repo.RecordRow> {
  const sobject = requireSObject(sobjectName);
  const values = checkFields(sobject, input, "create");
  checkRequired(sobject, values);
  await checkReferences(orgId, sobject, values);
  const record = await repo.insertRecord({ id: newSalesforceId(SOBJECTS[sobject].keyPrefix), orgId, sobject, fields: values, userId, at: sandboxNow() });
  await queueNotifications(record);
  return record;
}

export async function updateRecord(orgId: string, userId: string, sobjectName: string, id: string, input: Record<string, unknown>): Promise<repo.RecordRow> {
  const sobject = requireSObject(sobjectName);
  const existing = await findRecordOrThrow(orgId, sobject, id);
  const values = checkFields(sobject, input, "update");
  const merged = { ...existing.fields, ...values };
  checkRequired(sobject, merged);
  await checkReferences(orgId, sobject, values);
  const record = await repo.updateRecordFields(existing.id, merged, userId, sandboxNow());
  await queueNotifications(record);
  return record;
}

export async function findRecordOrThrow(orgId: string, sobject: SObjectName, id: string): Promise<repo.RecordRow> {
  const record = isSalesforceId(id) ? await repo.findRecord(orgId, sobject, normaliseId(id)) : null;
  if (!record) throw new SalesforceApiError(404, "NOT_FOUND", "The requested resource does not exist");
  return record;
}

/** A record as the REST API shows it: `attributes`, then every field (unset ones null). */
export function recordJson(record: repo.RecordRow, apiBase: string, only?: string[]) {
  const sobject = record.sobject as SObjectName;
  const system: repo.FieldValues = {
    Id: record.id,
    CreatedDate: salesforceDateTime(record.createdAt),
    CreatedById: record.createdById,
    LastModifiedDate: salesforceDateTime(record.updatedAt),
    LastModifiedById: record.lastModifiedById,
    SystemModstamp: salesforceDateTime(record.updatedAt),
  };
  const names = only ?? SOBJECTS[sobject].fields.map((field) => field.name);
  const json: Record<string, unknown> = { attributes: { type: sobject, url: `${apiBase}/sobjects/${sobject}/${record.id}` } };
  for (const name of names) {
    const field = fieldOf(sobject, name);
    if (!field) continue;
    json[field.name] = system[field.name] ?? record.fields[field.name] ?? null;
  }
  return json;
}

/** Salesforce's datetime format: `2026-12-07T05:31:10.000+0000`. */
export function salesforceDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}

export interface OutboundMessageInput {
  sobject: string;
  name: string;
  endpointUrl: string;
  fields: string[];
  includeSessionId: boolean;
  integrationUserId: string | null;
}

export async function createOutboundMessage(orgId: string, input: OutboundMessageInput) {
  const sobject = requireSObject(input.sobject);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(input.name) || input.name.endsWith("_") || input.name.includes("__")) {
    throw new SalesforceApiError(
      400,
      "FIELD_INTEGRITY_EXCEPTION",
      `Name: the outbound message name "${input.name}" must begin with a letter and use only letters, digits and single underscores (at most 40 characters)`,
      ["FullName"],
    );
  }
  if (!/^https?:\/\//.test(input.endpointUrl))
    throw new SalesforceApiError(400, "FIELD_INTEGRITY_EXCEPTION", `Endpoint URL: "${input.endpointUrl}" is not a valid http(s) URL`, ["endpointUrl"]);
  const fields = input.fields.map((name) => {
    const field = fieldOf(sobject, name);
    if (!field) throw new SalesforceApiError(400, "INVALID_FIELD", `No such column '${name}' on sobject of type ${sobject}`, ["fields"]);
    return field.name;
  });
  if (!fields.includes("Id")) fields.unshift("Id");
  if ((await repo.listOutboundMessages(orgId, sobject)).some((message) => message.name === input.name)) {
    throw new SalesforceApiError(400, "DUPLICATE_DEVELOPER_NAME", `An outbound message named ${sobject}.${input.name} already exists`, ["FullName"]);
  }
  return repo.insertOutboundMessage({
    id: newSalesforceId(KEY_PREFIX.WorkflowOutboundMessage),
    orgId,
    sobject,
    name: input.name,
    endpointUrl: input.endpointUrl,
    fields,
    includeSessionId: input.includeSessionId,
    integrationUserId: input.integrationUserId,
  });
}
