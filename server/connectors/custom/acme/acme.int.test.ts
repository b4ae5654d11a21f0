/**
 * The acme connector against the sandbox Acme: who the connection is, accounts and opportunities
 * found by external id, created and updated, webhooks that Acme signs and the hmac scheme
 * verifies, and an API key as the other way in.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import acmeConnector from "@/server/connectors/custom/acme";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { ensureSandboxAccount } from "@/server/sandbox/accounts.repo";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { mintPersonalToken } from "@/server/sandbox/oauth/personal-tokens";
import { connectAs, registerTestClient, sandboxConnection } from "@/server/sandbox/testing/sandbox-fixtures";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { verifyDelivery } from "@/server/verify/registry";

let sandbox: SandboxServer;
let receiver: LocalServer;
let acme: ReturnType<typeof sandboxConnection>;
let login: string;
let clientId: string;

beforeAll(async () => {
  const suffix = randomBytes(3).toString("hex");
  login = `owner-${suffix}@acme.test`;
  await ensureSandboxAccount("acme", { login, name: "Olive Owner", email: login, workspace: `ws-${suffix}` });
  sandbox = await startSandboxServer();
  receiver = await startLocalServer((_request, response) => response.writeHead(200).end("ok"));
  const client = await registerTestClient("acme");
  clientId = client.clientId;
  acme = sandboxConnection(acmeConnector, sandbox, "acme", (await connectAs("acme", login, client, "accounts opportunities webhooks")).accessToken);
});

afterAll(async () => {
  await settleSandboxDeliveries();
  await sandbox.close();
  await receiver.close();
});

describe("acme connector against the sandbox", () => {
  it("says who the connection is: the workspace and the actor its changes carry", async () => {
    expect(await acme.action("getMe", {})).toMatchObject({ email: login, actor: { type: "app", id: clientId } });
  });

  it("finds, creates and updates accounts and opportunities by external id", async () => {
    expect(await acme.action("findAccountByExternalId", { externalId: "001000000000001AAA" })).toEqual({ found: false });
    const account = (await acme.action("createAccount", { name: "Burlington Textiles", industry: "Apparel", externalId: "001000000000001AAA" })) as {
      id: string;
    };
    expect(await acme.action("findAccountByExternalId", { externalId: "001000000000001AAA" })).toMatchObject({
      found: true,
      account: { id: account.id, name: "Burlington Textiles", industry: "Apparel" },
    });
    expect(await acme.action("updateAccount", { accountId: account.id, phone: "(336) 222-7000" })).toMatchObject({
      name: "Burlington Textiles",
      phone: "(336) 222-7000",
    });

    // Salesforce's outbound messages carry numbers as text.
    const opportunity = (await acme.action("createOpportunity", {
      name: "200 units",
      stage: "Prospecting",
      amount: "125000.0",
      closeDate: "2027-03-31",
      accountId: account.id,
      externalId: "006000000000001AAA",
    })) as { id: string; amount: number };
    expect(opportunity.amount).toBe(125000);
    expect(await acme.action("findOpportunityByExternalId", { externalId: "006000000000001AAA" })).toMatchObject({
      found: true,
      opportunity: { id: opportunity.id, accountId: account.id },
    });
    await expect(acme.action("createOpportunity", { name: "x", stage: "Won" })).rejects.toThrow(/stage/);
    await expect(acme.action("updateOpportunity", { opportunityId: "opp_missing", stage: "Closed Won" })).rejects.toThrow(
      /Acme answered 404 Not Found: No opportunity opp_missing/,
    );
  });

  it("subscribes a webhook that Acme signs with the chosen secret; removing it twice is no error", async () => {
    const secret = randomBytes(16).toString("hex");
    const hook = (await acme.action("createWebhook", { url: `${receiver.origin}/hook`, secret, events: ["opportunity.updated"] })) as { id: string };
    expect(await acme.action("listWebhooks", {})).toEqual({ webhooks: [{ id: hook.id, url: `${receiver.origin}/hook`, events: ["opportunity.updated"] }] });
    const opportunity = (await acme.action("createOpportunity", { name: "Renewal", stage: "Qualification", closeDate: "2027-01-15" })) as { id: string };
    const before = receiver.requests.length;
    await acme.action("updateOpportunity", { opportunityId: opportunity.id, stage: "Closed Won" });
    await settleSandboxDeliveries();
    const [delivery] = receiver.requests.slice(before);
    const body = JSON.parse(delivery!.body) as { type: string; actor: { id: string }; data: { stage: string }; previous: { stage: string } };
    expect(body).toMatchObject({
      type: "opportunity.updated",
      actor: { type: "app", id: clientId },
      data: { id: opportunity.id, stage: "Closed Won" },
      previous: { stage: "Qualification" },
    });
    const request = {
      method: "POST",
      url: `${receiver.origin}/hook`,
      headers: delivery!.headers as Record<string, string>,
      rawBody: Buffer.from(delivery!.body),
    };
    const hmac = { scheme: "hmac" as const, header: "X-Acme-Signature", prefix: "sha256=" };
    expect(verifyDelivery(request, hmac, [secret], { now: () => new Date() })).toEqual({ ok: true });
    expect(verifyDelivery(request, hmac, ["another-secret-0123456789"], { now: () => new Date() }).ok).toBe(false);
    expect(await acme.action("deleteWebhook", { webhookId: hook.id })).toEqual({ webhookId: hook.id, deleted: true });
    expect(await acme.action("deleteWebhook", { webhookId: hook.id })).toEqual({ webhookId: hook.id, deleted: false });
  });

  it("takes an API key in X-Acme-Key, and refuses a wrong one", async () => {
    const { token } = await mintPersonalToken("acme", { login });
    const me = await fetch(`${sandbox.origin}/sandbox/acme/api/v1/me`, { headers: { "x-acme-key": token } });
    expect(await me.json()).toMatchObject({ email: login, actor: { type: "api_key", id: expect.stringMatching(/^key_/) } });
    const refused = await fetch(`${sandbox.origin}/sandbox/acme/api/v1/me`, { headers: { "x-acme-key": "acme_live_wrong" } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});
