import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "./client";
import { schemaDrift, type RuntimeDataModel } from "./schema-drift";

/** The generated client carries its data model (models, fields, column names) at runtime. */
function generatedDataModel(): RuntimeDataModel {
  const client = createDb(inject("databaseUrl")) as unknown as { _runtimeDataModel: RuntimeDataModel };
  return client._runtimeDataModel;
}

const schemaPath = path.resolve("prisma/schema.prisma");

describe("schema drift guard", () => {
  it("finds schema.prisma and the migrated database agreeing on every column, type, nullability and enum", async () => {
    const model = generatedDataModel();
    expect(Object.keys(model.models)).toContain("Execution");
    expect(await schemaDrift(inject("databaseUrl"), model, schemaPath)).toEqual([]);
  });

  it("reports a column added to schema.prisma without a migration", async () => {
    const model = structuredClone(generatedDataModel());
    model.models.Organization.fields.push({ name: "billingEmail", kind: "scalar", type: "String", dbName: "billing_email" });
    const changed = path.join(mkdtempSync(path.join(os.tmpdir(), "drift-")), "schema.prisma");
    writeFileSync(
      changed,
      readFileSync(schemaPath, "utf8").replace("model Organization {", 'model Organization {\n  billingEmail String? @map("billing_email")'),
    );
    expect(await schemaDrift(inject("databaseUrl"), model, changed)).toEqual([
      "organization.billing_email: in schema.prisma but no such column in the migrated database (add a migration)",
    ]);
  });

  it("reports a nullability mismatch", async () => {
    const changed = path.join(mkdtempSync(path.join(os.tmpdir(), "drift-")), "schema.prisma");
    writeFileSync(changed, readFileSync(schemaPath, "utf8").replace("  slug           String   @unique", "  slug           String?  @unique"));
    expect(await schemaDrift(inject("databaseUrl"), generatedDataModel(), changed)).toEqual([
      "organization.slug: schema.prisma says nullable, the database column is NOT NULL",
    ]);
  });
});
