/**
 * The salesforce connector against the sandbox org: records (create, read, update, SOQL), the
 * connection's identity, outbound message definitions through the Tooling API, the object list for
 * the wizard, Salesforce's error answers as step errors — and the connection's API base taken from
 * the token answer's instance_url rather than the OAuth app's setting.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salesforceConnector } from "@/server/connectors/builtin/salesforce";
import { openJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { salesforceUserId } from "@/server/sandbox/salesforce/salesforce-ids";
import { connectAs, registerTestClient, sandboxConnection } from "@/server/sandbox/testing/sandbox-fixtures";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { connectOverHttp, startSandboxApp, vendorOrganization } from "@/server/testing/sandbox-app";

let sandbox: SandboxServer;
let sf: ReturnType<typeof sandboxConnection>;
let adminId: number;

beforeAll(async () => {
  const seeded = await seedSandbox();
  adminId = seeded.salesforce.admin.id;
  sandbox = await startSandboxServer();
  const grant = await connectAs("salesforce", SANDBOX_DEMO.salesforce.admin, await registerTestClient("salesforce"), "api refresh_token");
  sf = sandboxConnection(salesforceConnector, sandbox, "salesforce", grant.accessToken);
});

afterAll(() => sandbox.close());

describe("salesforce connector against the sandbox", () => {
  it("answers who the connection is: its org and its user", async () => {
    expect(await sf.action("getIdentity", {})).toEqual({
      organizationId: SANDBOX_DEMO.salesforce.org,
      userId: salesforceUserId(adminId),
      username: SANDBOX_DEMO.salesforce.admin,
      name: "Ada Admin",
    });
  });

  it("creates, reads, updates and queries records, and reports Salesforce's errors by field", async () => {
    const name = `Universal Containers ${randomBytes(3).toString("hex")}`;
    const { id } = (await sf.action("createRecord", { sobject: "Account", fields: { Name: name, Industry: "Technology" } })) as { id: string };
    expect(id).toMatch(/^001[0-9A-Za-z]{15}$/);
    expect(await sf.action("getRecord", { sobject: "Account", id, fields: ["Name", "Industry"] })).toEqual({
      found: true,
      record: { attributes: { type: "Account", url: expect.stringContaining(`/sobjects/Account/${id}`) }, Name: name, Industry: "Technology" },
    });
    await sf.action("updateRecord", { sobject: "Account", id, fields: { Phone: "(415) 555-1212", Acme_Id__c: "acc_1" } });
    const found = (await sf.action("query", { soql: `SELECT Id, Name, Phone FROM Account WHERE Acme_Id__c = 'acc_1' AND Name = '${name}'` })) as {
      totalSize: number;
      records: Array<Record<string, unknown>>;
    };
    expect(found.totalSize).toBe(1);
    expect(found.records[0]).toMatchObject({ Id: id, Name: name, Phone: "(415) 555-1212" });
    expect(await sf.action("getRecord", { sobject: "Account", id: "001000000000000AAA" })).toEqual({ found: false });

    await expect(sf.action("createRecord", { sobject: "Opportunity", fields: { Name: "No stage" } })).rejects.toThrow(
      /Salesforce answered 400 Bad Request: Required fields are missing: \[StageName, CloseDate\]/,
    );
    await expect(sf.action("updateRecord", { sobject: "Account", id, fields: { Colour__c: "red" } })).rejects.toThrow(
      /No such column 'Colour__c' on sobject of type Account/,
    );
    await expect(sf.action("query", { soql: "SELECT Id FROM Account WHERE Name LIKE 'A%'" })).rejects.toThrow(/MALFORMED|unexpected token: 'LIKE'/);
  });

  it("creates, lists and deletes outbound messages through the Tooling API", async () => {
    const suffix = randomBytes(3).toString("hex");
    const created = (await sf.action("createOutboundMessage", {
      sobject: "Opportunity",
      name: `Test Sync ${suffix}-x`,
      endpointUrl: `https://hooks.example.com/${suffix}`,
      fields: ["Name", "StageName"],
    })) as { id: string; name: string; fields: string[] };
    expect(created).toMatchObject({ name: `Test_Sync_${suffix}_x`, fields: ["Id", "Name", "StageName"] });
    const listed = (await sf.action("listOutboundMessages", { sobject: "Opportunity" })) as {
      messages: Array<{ id: string; endpointUrl: string; sobject: string }>;
    };
    expect(listed.messages).toContainEqual({
      id: created.id,
      name: created.name,
      sobject: "Opportunity",
      endpointUrl: `https://hooks.example.com/${suffix}`,
      fields: ["Id", "Name", "StageName"],
    });
    expect(await sf.action("deleteOutboundMessage", { id: created.id })).toEqual({ id: created.id, deleted: true });
    expect(await sf.action("deleteOutboundMessage", { id: created.id })).toEqual({ id: created.id, deleted: false });
  });

  it("lists the org's objects for the wizard", async () => {
    expect(await sf.dataSource("listObjects")).toEqual({
      options: [
        { value: "Account", label: "Account (Account)" },
        { value: "Opportunity", label: "Opportunity (Opportunity)" },
      ],
    });
    expect(await sf.dataSource("listObjects", { search: "opp" })).toEqual({ options: [{ value: "Opportunity", label: "Opportunity (Opportunity)" }] });
  });
});

describe("connecting Salesforce with OAuth", () => {
  it("keeps the token answer's instance_url as the connection's API base, and names the connection by its username", async () => {
    const app = await startSandboxApp();
    try {
      const organization = await vendorOrganization(app, ["salesforce"]);
      // A login host only: the API lives where the token answer says.
      await db().oAuthApp.updateMany({
        where: { organizationId: organization.id, provider: "salesforce" },
        data: { apiBaseUrl: "https://login.salesforce.com" },
      });
      const customer = await upsertCustomer(organization.id, `sf-${randomBytes(3).toString("hex")}`);
      const connectionId = await connectOverHttp(app, { organizationId: organization.id, customerId: customer.id }, "salesforce", adminId);
      const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
      expect(row.accountLabel).toBe(SANDBOX_DEMO.salesforce.admin);
      expect(openJson<{ baseUrl?: string }>(row.credentialsEncrypted).baseUrl).toBe(`${app.origin}/sandbox/salesforce`);
      // No expires_in from Salesforce: refreshed after the connector's assumed 15 minutes.
      expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
      expect(row.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    } finally {
      await app.close();
    }
  });
});
