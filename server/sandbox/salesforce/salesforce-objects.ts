/**
 * The sObjects the sandbox org has and their fields, as `describe` would list them. Values are
 * stored as JSON: strings, numbers (currency, percent), booleans, dates as `YYYY-MM-DD`, ids as
 * 18-character text. `Acme_Id__c` is a custom External ID field on both objects, which an
 * integration uses to remember the record's id in the other app.
 */
export type FieldType = "id" | "string" | "textarea" | "phone" | "url" | "picklist" | "currency" | "percent" | "date" | "reference" | "datetime";

export interface FieldDescription {
  name: string;
  label: string;
  type: FieldType;
  /** Set by the API callers; system fields (Id, dates, owners) are not. */
  createable: boolean;
  updateable: boolean;
  /** Must be given on create. */
  required?: boolean;
  externalId?: boolean;
  picklistValues?: readonly string[];
  /** For references: the object the id points at. */
  referenceTo?: string;
}

export interface ObjectDescription {
  name: "Account" | "Opportunity";
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: readonly FieldDescription[];
}

const system = (name: string, label: string, type: FieldType, referenceTo?: string): FieldDescription => ({
  name,
  label,
  type,
  createable: false,
  updateable: false,
  ...(referenceTo ? { referenceTo } : {}),
});
const editable = (name: string, label: string, type: FieldType, extra: Partial<FieldDescription> = {}): FieldDescription => ({
  name,
  label,
  type,
  createable: true,
  updateable: true,
  ...extra,
});

const SYSTEM_FIELDS = [
  system("CreatedDate", "Created Date", "datetime"),
  system("CreatedById", "Created By ID", "reference", "User"),
  system("LastModifiedDate", "Last Modified Date", "datetime"),
  system("LastModifiedById", "Last Modified By ID", "reference", "User"),
  system("SystemModstamp", "System Modstamp", "datetime"),
];

export const OPPORTUNITY_STAGES = [
  "Prospecting",
  "Qualification",
  "Needs Analysis",
  "Value Proposition",
  "Proposal/Price Quote",
  "Negotiation/Review",
  "Closed Won",
  "Closed Lost",
] as const;

export const SOBJECTS: Record<ObjectDescription["name"], ObjectDescription> = {
  Account: {
    name: "Account",
    label: "Account",
    labelPlural: "Accounts",
    keyPrefix: "001",
    fields: [
      system("Id", "Account ID", "id"),
      editable("Name", "Account Name", "string", { required: true }),
      editable("Industry", "Industry", "picklist", {
        picklistValues: [
          "Agriculture",
          "Apparel",
          "Banking",
          "Biotechnology",
          "Communications",
          "Consulting",
          "Education",
          "Electronics",
          "Energy",
          "Manufacturing",
          "Retail",
          "Technology",
          "Other",
        ],
      }),
      editable("Phone", "Account Phone", "phone"),
      editable("Website", "Website", "url"),
      editable("Description", "Account Description", "textarea"),
      editable("Acme_Id__c", "Acme ID", "string", { externalId: true }),
      ...SYSTEM_FIELDS,
    ],
  },
  Opportunity: {
    name: "Opportunity",
    label: "Opportunity",
    labelPlural: "Opportunities",
    keyPrefix: "006",
    fields: [
      system("Id", "Opportunity ID", "id"),
      editable("Name", "Name", "string", { required: true }),
      editable("AccountId", "Account ID", "reference", { referenceTo: "Account" }),
      editable("StageName", "Stage", "picklist", { required: true, picklistValues: OPPORTUNITY_STAGES }),
      editable("Amount", "Amount", "currency"),
      editable("CloseDate", "Close Date", "date", { required: true }),
      editable("Probability", "Probability (%)", "percent"),
      editable("Acme_Id__c", "Acme ID", "string", { externalId: true }),
      ...SYSTEM_FIELDS,
    ],
  },
};

export type SObjectName = keyof typeof SOBJECTS;

export function isSObjectName(name: string): name is SObjectName {
  return Object.hasOwn(SOBJECTS, name);
}

export function fieldOf(sobject: SObjectName, name: string): FieldDescription | undefined {
  // Field names are case-insensitive in the API, as in Salesforce.
  return SOBJECTS[sobject].fields.find((field) => field.name.toLowerCase() === name.toLowerCase());
}
