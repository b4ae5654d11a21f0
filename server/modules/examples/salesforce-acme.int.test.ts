/**
 * Acceptance test of examples/salesforce-acme/manifest.yaml against the sandbox Salesforce and
 * Acme, all five flows: deploy registers two outbound messages and an Acme webhook; a batch of
 * three accounts arrives in one outbound message and becomes three Acme accounts, linked both ways;
 * an opportunity follows; an Acme change goes back to Salesforce; nothing the integration writes
 * comes back; a lost Ack is redelivered without a duplicate; teardown deletes this instance's
 * outbound messages and webhook and leaves another instance's.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { listInstanceEndpoints } from "@/server/modules/endpoints/endpoints.service";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { removeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { createInstance } from "@/server/modules/instances/instances.service";
import { pushManifest, publishVersion } from "@/server/modules/integrations/integrations.service";
import { ensureSandboxAccount } from "@/server/sandbox/accounts.repo";
import * as acme from "@/server/sandbox/acme/acme.repo";
import { updateOpportunity as updateAcmeOpportunity } from "@/server/sandbox/acme/acme.service";
import { sandboxNow } from "@/server/sandbox/clock";
import { KEY_PREFIX, newSalesforceId, salesforceUserId } from "@/server/sandbox/salesforce/salesforce-ids";
import * as salesforce from "@/server/sandbox/salesforce/salesforce.repo";
import { connectAs, registerTestClient } from "@/server/sandbox/testing/sandbox-fixtures";
import { connectOverHttp, quiesce, startSandboxApp, vendorOrganization, type SandboxApp } from "@/server/testing/sandbox-app";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";

const MANIFEST = readFileSync("examples/salesforce-acme/manifest.yaml", "utf8");

let app: SandboxApp;
let worker: RunningWorker;

beforeAll(async () => {
  app = await startSandboxApp();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [app.origin] }) });
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
});

/** A Salesforce org of its own (admin for the integration, a sales rep working by hand) and two Acme workspaces. */
async function world() {
  const suffix = randomBytes(3).toString("hex");
  const orgId = newSalesforceId(KEY_PREFIX.Organization);
  await salesforce.ensureOrg({ id: orgId, name: `Org ${suffix}` });
  const admin = await ensureSandboxAccount("salesforce", {
    login: `admin-${suffix}@crm.test`,
    name: "Ada Admin",
    email: `admin-${suffix}@crm.test`,
    workspace: orgId,
    role: "admin",
  });
  const rep = await ensureSandboxAccount("salesforce", {
    login: `rep-${suffix}@crm.test`,
    name: "Sam Sales",
    email: `rep-${suffix}@crm.test`,
    workspace: orgId,
  });
  const acmeA = await ensureSandboxAccount("acme", {
    login: `a-${suffix}@acme.test`,
    name: "Customer A",
    email: `a-${suffix}@acme.test`,
    workspace: `ws-a-${suffix}`,
  });
  const acmeB = await ensureSandboxAccount("acme", {
    login: `b-${suffix}@acme.test`,
    name: "Customer B",
    email: `b-${suffix}@acme.test`,
    workspace: `ws-b-${suffix}`,
  });
  // The rep's own session, for changes made in Salesforce by a person.
  const repToken = (await connectAs("salesforce", rep.login, await registerTestClient("salesforce"), "api")).accessToken;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.origin}/sandbox/salesforce/services/data/v60.0${path}`, {
      method,
      headers: { authorization: `Bearer ${repToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { suffix, orgId, admin, rep, acmeA, acmeB, api };
}

/** Until nothing of the org's outbound queue is due and every execution of the instance has finished. */
async function settled(instanceId: string, orgId: string) {
  for (let round = 0; round < 6; round++) {
    await waitFor(
      async () => (await db().sandboxSalesforceNotification.count({ where: { orgId, status: "queued", nextAttemptAt: { lte: sandboxNow() } } })) === 0,
      "due outbound messages to be sent",
    );
    await quiesce(instanceId, 1);
  }
}

async function deploy(organizationId: string, integrationId: string, customerKey: string, salesforceAccount: number, acmeAccount: number) {
  const customer = await upsertCustomer(organizationId, customerKey);
  const scope = { organizationId, customerId: customer.id };
  const connections = {
    salesforce: await connectOverHttp(app, scope, "salesforce", salesforceAccount),
    acme: await connectOverHttp(app, scope, "acme", acmeAccount),
  };
  const instance = await createInstance(organizationId, { integrationId, customerExternalId: customer.externalId, config: {}, connections });
  const settledRow = await waitFor(async () => {
    const row = await db().instance.findUniqueOrThrow({ where: { id: instance.id } });
    return row.status !== "deploying" && row;
  }, "the deploy flow to settle");
  expect([settledRow.status, settledRow.statusReason]).toEqual(["active", null]);
  const endpoints = new Map((await listInstanceEndpoints(organizationId, instance.id, app.origin)).map((endpoint) => [endpoint.flowKey, endpoint.url]));
  return { instance, endpoints };
}

const executionsOf = (instanceId: string, flowKey: string) =>
  db().execution.findMany({ where: { instanceId, flowKey }, orderBy: { createdAt: "asc" }, select: { id: true, status: true, error: true, eventId: true } });

async function endedAt(executionIds: string[], state: string) {
  const steps = await db().stepRun.findMany({ where: { executionId: { in: executionIds }, stateName: state }, select: { executionId: true } });
  return new Set(steps.map((step) => step.executionId)).size;
}

describe("Salesforce ↔ Acme on the sandbox", () => {
  it("deploys, syncs a batch of accounts and an opportunity both ways without echoes, takes a redelivery after a lost Ack, and tears down only its own", async () => {
    const w = await world();
    const organization = await vendorOrganization(app, ["salesforce", "acme"]);
    const pushed = await pushManifest(organization.id, MANIFEST);
    await publishVersion(organization.id, pushed.version.id);

    // (1) Deploy: two outbound messages at the Salesforce flows' endpoints, the Acme webhook at the Acme flow's.
    const { instance, endpoints } = await deploy(organization.id, pushed.integration.id, `customer-${w.suffix}`, w.admin.id, w.acmeA.id);
    const state = instanceStateStore(instance.id);
    expect(await state.get("salesforceOrganizationId")).toBe(w.orgId);
    expect(await state.get("salesforceUserId")).toBe(salesforceUserId(w.admin.id));
    const messages = await salesforce.listOutboundMessages(w.orgId);
    expect(messages.map((m) => [m.sobject, m.endpointUrl, m.id])).toEqual([
      ["Account", endpoints.get("accountsFromSalesforce"), await state.get("accountMessageId")],
      ["Opportunity", endpoints.get("opportunitiesFromSalesforce"), await state.get("opportunityMessageId")],
    ]);
    expect(messages[0].fields).toEqual(["Id", "Name", "Industry", "Phone", "Website", "Acme_Id__c", "LastModifiedById"]);
    const hooks = await acme.listWebhooks(w.acmeA.workspace!);
    expect(hooks.map((h) => [h.id, h.url, h.events])).toEqual([
      [await state.get("acmeWebhookId"), endpoints.get("opportunitiesFromAcme"), ["opportunity.updated"]],
    ]);

    // (2) A batch: the rep saves three accounts in one call; one outbound message carries the three notifications.
    const saved = (await w.api("POST", "/composite/sobjects", {
      allOrNone: true,
      records: [
        { attributes: { type: "Account" }, Name: "Burlington Textiles", Industry: "Apparel", Phone: "(336) 222-7000" },
        { attributes: { type: "Account" }, Name: "Edge Communications", Industry: "Electronics" },
        { attributes: { type: "Account" }, Name: "Grand Hotels & Resorts", Website: "www.grandhotels.com" },
      ],
    })) as Array<{ id: string; success: boolean }>;
    expect(saved.every((result) => result.success)).toBe(true);
    await settled(instance.id, w.orgId);
    const accountDeliveries = await db().sandboxDelivery.findMany({
      where: { target: `salesforce-outbound:${messages[0].id}` },
      orderBy: { createdAt: "asc" },
    });
    expect(accountDeliveries[0]).toMatchObject({ status: 200, event: expect.stringContaining("(3 notifications)") });
    expect(accountDeliveries[0].responseBody).toContain("<Ack>true</Ack>");

    const acmeAccounts = await acme.listAccounts(w.acmeA.workspace!, { take: 10 });
    expect(acmeAccounts.map((a) => [a.name, a.externalId, a.industry]).sort()).toEqual(
      [
        ["Burlington Textiles", saved[0].id, "Apparel"],
        ["Edge Communications", saved[1].id, "Electronics"],
        ["Grand Hotels & Resorts", saved[2].id, null],
      ].sort(),
    );
    // Both ways: each Salesforce account now holds its Acme id.
    for (const account of acmeAccounts) {
      expect((await salesforce.findRecord(w.orgId, "Account", account.externalId!))!.fields.Acme_Id__c).toBe(account.id);
    }
    // Writing the Acme ids back changed the accounts again: those notifications stopped at the echo check.
    const accountRuns = await executionsOf(instance.id, "accountsFromSalesforce");
    expect(accountRuns.map((run) => run.status)).toEqual(Array(6).fill("succeeded"));
    expect(
      await endedAt(
        accountRuns.map((run) => run.id),
        "Echo",
      ),
    ).toBe(3);

    // (3) An opportunity of the first account: created in Acme under that account, linked back.
    const burlington = acmeAccounts.find((a) => a.name === "Burlington Textiles")!;
    const opportunity = (await w.api("POST", "/sobjects/Opportunity", {
      Name: "Burlington – 200 units",
      AccountId: saved[0].id,
      StageName: "Prospecting",
      Amount: 125000,
      CloseDate: "2027-03-31",
    })) as { id: string };
    await settled(instance.id, w.orgId);
    const [acmeOpportunity] = await acme.listOpportunities(w.acmeA.workspace!, { externalId: opportunity.id, take: 1 });
    expect(acmeOpportunity).toMatchObject({
      name: "Burlington – 200 units",
      stage: "Prospecting",
      amount: 125000,
      closeDate: "2027-03-31",
      accountId: burlington.id,
    });
    expect((await salesforce.findRecord(w.orgId, "Opportunity", opportunity.id))!.fields.Acme_Id__c).toBe(acmeOpportunity.id);

    // (4) Acme → Salesforce: a person moves the opportunity on in Acme.
    await updateAcmeOpportunity(w.acmeA.workspace!, { type: "user", id: "usr_1", name: "Customer A" }, acmeOpportunity.id, {
      stage: "Negotiation/Review",
      amount: 150000,
    });
    await settled(instance.id, w.orgId);
    const salesforceOpportunity = (await salesforce.findRecord(w.orgId, "Opportunity", opportunity.id))!;
    expect(salesforceOpportunity.fields).toMatchObject({ StageName: "Negotiation/Review", Amount: 150000 });
    expect(salesforceOpportunity.lastModifiedById).toBe(salesforceUserId(w.admin.id));
    // That Salesforce change came back as an outbound message and went no further; the Acme update
    // the Salesforce flow made when the opportunity was created came back as a webhook and stopped too.
    const fromSalesforce = await executionsOf(instance.id, "opportunitiesFromSalesforce");
    const fromAcme = await executionsOf(instance.id, "opportunitiesFromAcme");
    expect([...fromSalesforce, ...fromAcme].every((run) => run.status === "succeeded")).toBe(true);
    expect(fromAcme).toHaveLength(1);
    expect(
      await endedAt(
        fromSalesforce.map((run) => run.id),
        "Echo",
      ),
    ).toBe(fromSalesforce.length - 1);
    expect((await acme.findOpportunity(w.acmeA.workspace!, acmeOpportunity.id))!.stage).toBe("Negotiation/Review");

    // (5) A lost Ack: the integration records the notification, the answer never reaches
    // Salesforce, which sends the message again; it is a repeat and runs nothing twice.
    await salesforce.setLoseNextAcks(w.orgId, 1);
    const renamedAt = new Date(Date.now() - 500);
    await w.api("PATCH", `/sobjects/Account/${saved[1].id}`, { Name: "Edge Communications Ltd" });
    // Sent, recorded and acknowledged, the Ack lost; sent again (the first retry is 2 s later) and acknowledged.
    const lost = await waitFor(
      () =>
        db().sandboxSalesforceNotification.findFirst({ where: { orgId: w.orgId, recordId: saved[1].id, status: "delivered", createdAt: { gte: renamedAt } } }),
      "the notification to be acknowledged after its redelivery",
    );
    expect(lost.attempts).toBe(2);
    const sends = await db().sandboxDelivery.findMany({ where: { provider: "salesforce", requestBody: { contains: lost.id } } });
    expect(sends.map((send) => [send.status, send.responseBody?.includes("<Ack>true</Ack>")])).toEqual([
      [200, true],
      [200, true],
    ]);
    await settled(instance.id, w.orgId);
    const events = await db().event.findMany({ where: { instanceId: instance.id, dedupeKey: lost.id }, orderBy: { receivedAt: "asc" } });
    expect(events.map((e) => e.verdict)).toEqual(["accepted", "duplicate"]);
    expect(await db().execution.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(1);
    const edge = await acme.listAccounts(w.acmeA.workspace!, { externalId: saved[1].id, take: 5 });
    expect(edge.map((a) => a.name)).toEqual(["Edge Communications Ltd"]);

    // (6) Teardown leaves another instance's outbound messages and webhook.
    const other = await deploy(organization.id, pushed.integration.id, `other-${w.suffix}`, w.admin.id, w.acmeB.id);
    const othersMessages = (await salesforce.listOutboundMessages(w.orgId)).filter((m) =>
      [other.endpoints.get("accountsFromSalesforce"), other.endpoints.get("opportunitiesFromSalesforce")].includes(m.endpointUrl),
    );
    expect(othersMessages).toHaveLength(2);
    await removeInstance(organization.id, instance.id);
    await waitFor(async () => (await db().instance.count({ where: { id: instance.id } })) === 0, "the teardown flow to delete the instance");
    expect((await salesforce.listOutboundMessages(w.orgId)).map((m) => m.id).sort()).toEqual(othersMessages.map((m) => m.id).sort());
    expect(await acme.listWebhooks(w.acmeA.workspace!)).toEqual([]);
    expect(await acme.listWebhooks(w.acmeB.workspace!)).toHaveLength(1);
    await removeInstance(organization.id, other.instance.id, { force: true });
  });
});
