import { z } from "zod";

/** The REST API version the connector speaks (`/services/data/v60.0/…`). */
export const API_VERSION = "v60.0";
export const dataPath = (path: string) => `/services/data/${API_VERSION}${path}`;

/** An sObject API name (`Account`, `Opportunity`, `Invoice__c`). */
export const sobjectSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "must be an sObject API name such as Account or Opportunity" });

/** A record id, 15 or 18 characters. */
export const recordIdSchema = z.string().regex(/^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/, { error: "must be a Salesforce record id (15 or 18 characters)" });

/** Field values as the API takes them: text, numbers, booleans, null to clear a field. */
export const fieldValuesSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "field names are API names such as Name or Acme_Id__c" }),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

/** A record as the REST API answers it; `attributes` names its type. */
export const recordSchema = z.object({ attributes: z.object({ type: z.string(), url: z.string().optional() }) }).catchall(z.unknown());

export const saveResultSchema = z.object({ id: z.string(), success: z.boolean(), errors: z.array(z.unknown()) });

/** An outbound message definition as the connector reports it. */
export const outboundMessageSchema = z.object({
  id: z.string(),
  name: z.string(),
  sobject: z.string(),
  endpointUrl: z.string(),
  fields: z.array(z.string()),
});

/** Strings stay text in SOQL: quotes and backslashes escaped, as the SOQL reference says. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
