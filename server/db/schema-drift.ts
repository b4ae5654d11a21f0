/**
 * Compares what the generated Prisma client expects (its runtime data model: models, fields,
 * column names) plus each field's modifiers and native types from schema.prisma with the columns
 * a migrated database really has. Migrations are hand-written SQL, so this is what keeps them honest.
 */
import { readFileSync } from "node:fs";
import pg from "pg";

interface RuntimeField {
  name: string;
  kind: "scalar" | "enum" | "object";
  type: string;
  dbName?: string;
}

export interface RuntimeDataModel {
  models: Record<string, { fields: RuntimeField[]; dbName: string | null }>;
}

interface SchemaField {
  type: string;
  optional: boolean;
  list: boolean;
  nativeType?: string;
}

/** Field modifiers and native types, per model, read from schema.prisma. */
export function readSchemaFields(schemaText: string): { fields: Map<string, Map<string, SchemaField>>; enums: Map<string, string[]> } {
  const fields = new Map<string, Map<string, SchemaField>>();
  const enums = new Map<string, string[]>();
  const blocks = schemaText.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm);
  for (const [, kind, name, body] of blocks) {
    const lines = body
      .split("\n")
      .map((l) => l.replace(/\/\/.*$/, "").trim())
      .filter((l) => l && !l.startsWith("@@"));
    if (kind === "enum") {
      enums.set(
        name,
        lines.map((l) => l.split(/\s+/)[0]),
      );
      continue;
    }
    const modelFields = new Map<string, SchemaField>();
    for (const line of lines) {
      const match = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!match) continue;
      const [, fieldName, type, list, optional, rest] = match;
      modelFields.set(fieldName, { type, list: Boolean(list), optional: Boolean(optional), nativeType: rest.match(/@db\.(\w+)/)?.[1] });
    }
    fields.set(name, modelFields);
  }
  return { fields, enums };
}

const scalarSqlType: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
  Bytes: "bytea",
  Decimal: "numeric",
};

const nativeSqlType: Record<string, string> = {
  Uuid: "uuid",
  Timestamptz: "timestamp with time zone",
  Text: "text",
  VarChar: "character varying",
};

export interface ExpectedColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean | null;
}

export function expectedColumns(model: RuntimeDataModel, schemaText: string): { columns: ExpectedColumn[]; enums: Map<string, string[]> } {
  const { fields, enums } = readSchemaFields(schemaText);
  const columns: ExpectedColumn[] = [];
  for (const [modelName, { fields: runtimeFields, dbName }] of Object.entries(model.models)) {
    const table = dbName ?? modelName;
    for (const field of runtimeFields) {
      if (field.kind === "object") continue;
      const schemaField = fields.get(modelName)?.get(field.name);
      if (!schemaField) throw new Error(`${modelName}.${field.name} is in the generated client but not in schema.prisma; run npm run prisma:generate`);
      const base =
        field.kind === "enum" ? field.type : ((schemaField.nativeType && nativeSqlType[schemaField.nativeType]) ?? scalarSqlType[field.type] ?? field.type);
      columns.push({
        table,
        column: field.dbName ?? field.name,
        type: schemaField.list ? `${base}[]` : base,
        // Prisma treats scalar lists as never null while creating the column nullable; skip them.
        nullable: schemaField.list ? null : schemaField.optional,
      });
    }
  }
  return { columns, enums };
}

export async function liveColumns(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean }>(
      `SELECT c.table_name AS table, c.column_name AS column, c.is_nullable = 'YES' AS nullable,
              CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name
                   WHEN c.data_type = 'ARRAY' THEN format_type(a.atttypid, NULL)
                   ELSE c.data_type END AS type
         FROM information_schema.columns c
         JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
        WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`,
    );
    const enumRows = await client.query<{ name: string; label: string }>(
      `SELECT t.typname AS name, e.enumlabel AS label FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`,
    );
    const enums = new Map<string, string[]>();
    for (const row of enumRows.rows) enums.set(row.name, [...(enums.get(row.name) ?? []), row.label]);
    return {
      columns: columns.rows.map((r) => ({ ...r, type: r.type.replace(/^text\[\]$/, "text[]") })),
      enums,
    };
  } finally {
    await client.end();
  }
}

/** Human-readable differences; empty when schema and database agree. */
export async function schemaDrift(databaseUrl: string, model: RuntimeDataModel, schemaPath: string): Promise<string[]> {
  const expected = expectedColumns(model, readFileSync(schemaPath, "utf8"));
  const live = await liveColumns(databaseUrl);
  const problems: string[] = [];
  const liveByKey = new Map(live.columns.map((c) => [`${c.table}.${c.column}`, c]));
  const expectedKeys = new Set<string>();
  for (const column of expected.columns) {
    const key = `${column.table}.${column.column}`;
    expectedKeys.add(key);
    const found = liveByKey.get(key);
    if (!found) {
      problems.push(`${key}: in schema.prisma but no such column in the migrated database (add a migration)`);
      continue;
    }
    if (found.type !== column.type) problems.push(`${key}: schema.prisma says ${column.type}, the database has ${found.type}`);
    if (column.nullable !== null && found.nullable !== column.nullable) {
      problems.push(
        `${key}: schema.prisma says ${column.nullable ? "nullable" : "NOT NULL"}, the database column is ${found.nullable ? "nullable" : "NOT NULL"}`,
      );
    }
  }
  for (const key of liveByKey.keys()) if (!expectedKeys.has(key)) problems.push(`${key}: column in the database but not in schema.prisma`);
  for (const [name, values] of expected.enums) {
    const liveValues = live.enums.get(name);
    if (!liveValues) problems.push(`enum ${name}: in schema.prisma but not in the database`);
    else if (liveValues.join(",") !== values.join(",")) problems.push(`enum ${name}: schema.prisma has [${values}], the database has [${liveValues}]`);
  }
  return problems;
}
