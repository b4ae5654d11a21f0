/**
 * Connections made from typed-in credentials over REST: checked against the connector's fields,
 * then with the (sandbox) provider, stored encrypted, never returned; scoped to the caller's
 * organization and customer; used by a deploy. The sandbox accepts its minted tokens the way the
 * real services do (bearer for GitHub and Slack, `email/token` basic auth for Zendesk).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionOperations } from "@/server/api/operations/connections";
import { customerOperations } from "@/server/api/operations/customers";
import { instanceOperations } from "@/server/api/operations/instances";
import { openJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { resolveInstanceConnection } from "@/server/modules/connections/resolve-connection";
import { pushManifest, publishVersion } from "@/server/modules/integrations/integrations.service";
import { mintPersonalToken } from "@/server/sandbox/oauth/personal-tokens";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { apiKeyFor, callRoute, manualManifest } from "./testing/call-route";
import { startAppServer, type AppServer } from "./testing/app-server";

const { connectors: listConnectors, delete: deleteConnection, list: listConnections, create: createConnection } = connectionOperations;
const { create: createCustomer } = customerOperations;
const { create: createInstance } = instanceOperations;

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

async function customerOf(key: string) {
  return (await callRoute(createCustomer, "/api/v1/customers", { key, body: { externalId: uniqueKey("cust") } })).json as { id: string; externalId: string };
}

const path = (customerId: string) => `/api/v1/customers/${customerId}/connections`;

describe("REST /api/v1/customers/{id}/connections", () => {
  it("connects GitHub from a personal access token, labels it with the login, keeps the token encrypted and never returns it", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const customer = await customerOf(key);
    const { token } = await mintPersonalToken("github");
    const body = { connector: "github", method: "personalAccessToken", credentials: { token }, baseUrl: `${app.origin}/sandbox/github/api` };
    const headers = { "Idempotency-Key": uniqueKey("conn") };
    const created = await callRoute(createConnection, path(customer.id), { key, headers, params: { id: customer.id }, body });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      key: "github",
      connector: "github",
      authKind: "credentials",
      accountLabel: SANDBOX_DEMO.github.login,
      status: "active",
      instanceId: null,
    });
    expect(JSON.stringify(created.json)).not.toContain(token);

    const replayed = await callRoute(createConnection, path(customer.id), { key, headers, params: { id: customer.id }, body });
    expect(replayed.json).toEqual(created.json);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");

    const row = await db().connection.findFirstOrThrow({ where: { id: created.json.id } });
    expect(row.credentialsEncrypted).not.toContain(token);
    expect(openJson(row.credentialsEncrypted)).toEqual({
      kind: "credentials",
      method: "personalAccessToken",
      values: { token },
      baseUrl: `${app.origin}/sandbox/github/api`,
    });

    const listed = await callRoute(listConnections, path(customer.id), { key, params: { id: customer.id } });
    expect(listed.json.data).toEqual([created.json]);
    const removed = await callRoute(deleteConnection, `${path(customer.id)}/${created.json.id}`, {
      key,
      params: { id: customer.id, connectionId: created.json.id },
    });
    expect(removed.json).toEqual({ id: created.json.id, deleted: true });
    expect((await callRoute(listConnections, path(customer.id), { key, params: { id: customer.id } })).json.data).toEqual([]);
  });

  it("connects Zendesk from an agent's API token (email/token basic auth on the account's URL)", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const customer = await customerOf(key);
    const { token } = await mintPersonalToken("zendesk");
    const credentials = { subdomain: `${app.origin}/sandbox/zendesk`, email: SANDBOX_DEMO.zendesk.agent, token };
    const created = await callRoute(createConnection, path(customer.id), {
      key,
      params: { id: customer.id },
      body: { connector: "zendesk", method: "apiToken", credentials },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.accountLabel).toBe(SANDBOX_DEMO.zendesk.agent);

    const wrongAgent = await callRoute(createConnection, path(customer.id), {
      key,
      params: { id: customer.id },
      body: { connector: "zendesk", method: "apiToken", credentials: { ...credentials, email: SANDBOX_DEMO.zendesk.requester } },
    });
    expect(wrongAgent.status).toBe(422);
    expect(wrongAgent.json.error).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      field: "credentials",
      message: expect.stringContaining("Zendesk refused these credentials"),
    });
  });

  it("names what is wrong: unknown connector, unknown method, missing or unknown fields, a token the provider refuses", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const customer = await customerOf(key);
    const post = (body: unknown) => callRoute(createConnection, path(customer.id), { key, params: { id: customer.id }, body });
    const slack = { connector: "slack", method: "botToken", baseUrl: `${app.origin}/sandbox/slack/api` };

    expect((await post({ connector: "jira", credentials: {} })).json.error).toMatchObject({ code: "NOT_FOUND", field: "connector" });
    expect((await post({ ...slack, method: "password", credentials: { token: "xoxb-1" } })).json.error).toMatchObject({
      code: "BAD_REQUEST",
      field: "method",
      message: 'Slack has no "password" credentials; use one of: botToken.',
    });
    expect((await post({ ...slack, credentials: {} })).json.error).toMatchObject({ field: "credentials.token", message: "credentials.token is required" });
    expect((await post({ ...slack, credentials: { token: "xoxb-1", team: "x" } })).json.error).toMatchObject({ field: "credentials.team" });
    expect((await post({ ...slack, credentials: { token: "abc" } })).json.error.message).toContain("must be a Slack bot or user token");

    const refused = await post({ ...slack, credentials: { token: "xoxb-not-a-real-token" } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toBe("Slack did not accept these credentials: Slack refused the token (invalid_auth)");
    expect(JSON.stringify(refused.json)).not.toContain("xoxb-not-a-real-token");
    const github = await post({
      connector: "github",
      method: "personalAccessToken",
      credentials: { token: "ghp_wrong" },
      baseUrl: `${app.origin}/sandbox/github/api`,
    });
    expect(github.json.error.message).toBe("GitHub refused these credentials (GitHub answered 401 Unauthorized: Bad credentials).");
    expect(await db().connection.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it("keeps organizations apart: another organization's key cannot attach credentials to, list or delete this customer's connections", async () => {
    const mine = await createOrganizationWithMember();
    const theirs = await createOrganizationWithMember();
    const myKey = await apiKeyFor(mine.organization.id);
    const theirKey = await apiKeyFor(theirs.organization.id);
    const customer = await customerOf(myKey);
    const { token } = await mintPersonalToken("slack");
    const body = { connector: "slack", credentials: { token }, method: "botToken", baseUrl: `${app.origin}/sandbox/slack/api` };
    const attached = await callRoute(createConnection, path(customer.id), { key: theirKey, params: { id: customer.id }, body });
    expect(attached.status).toBe(404);
    expect(await db().connection.count({ where: { customerId: customer.id } })).toBe(0);

    const created = await callRoute(createConnection, path(customer.id), { key: myKey, params: { id: customer.id }, body });
    expect(created.status).toBe(201);
    expect((await callRoute(listConnections, path(customer.id), { key: theirKey, params: { id: customer.id } })).status).toBe(404);
    const deleted = await callRoute(deleteConnection, "/x", { key: theirKey, params: { id: customer.id, connectionId: created.json.id } });
    expect(deleted.status).toBe(404);
    expect(await db().connection.count({ where: { customerId: customer.id } })).toBe(1);
  });

  it("lets a deploy use the connection: it is linked to the instance and actions run with its token", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const customer = await customerOf(key);
    const manifest = `${manualManifest("uses-slack")}connections:\n  chat: { connector: slack }\n`;
    const pushed = await pushManifest(organization.id, manifest);
    await publishVersion(organization.id, pushed.version.id);
    const { token } = await mintPersonalToken("slack");
    const connection = await callRoute(createConnection, path(customer.id), {
      key,
      params: { id: customer.id },
      body: { connector: "slack", key: "chat", method: "botToken", credentials: { token }, baseUrl: `${app.origin}/sandbox/slack/api` },
    });
    const wrongKey = await callRoute(createInstance, "/api/v1/instances", {
      key,
      body: { integrationKey: "uses-slack", customerExternalId: customer.externalId, config: { greeting: "hi" }, connections: { slack: connection.json.id } },
    });
    expect(wrongKey.json.error).toMatchObject({
      code: "BAD_REQUEST",
      field: "connections.slack",
      message: 'This integration has no connection "slack" (it has chat).',
    });

    const instance = await callRoute(createInstance, "/api/v1/instances", {
      key,
      body: { integrationKey: "uses-slack", customerExternalId: customer.externalId, config: { greeting: "hi" }, connections: { chat: connection.json.id } },
    });
    expect(instance.status, JSON.stringify(instance.json)).toBe(201);
    const resolved = await resolveInstanceConnection(organization.id, instance.json.id, "chat");
    expect(resolved).toEqual({
      connector: "slack",
      auth: { kind: "credentials", method: "botToken", values: { token } },
      accountLabel: "Acme",
      baseUrl: `${app.origin}/sandbox/slack/api`,
      // The stored connection, for its rate budget and pauses (never shown to the connector).
      stored: { id: expect.any(String), pausedUntil: null },
    });
  });
});

describe("REST /api/v1/connectors", () => {
  it("lists each connector's auth methods with the fields typed-in methods take, secrets marked", async () => {
    const { organization } = await createOrganizationWithMember();
    const listed = await callRoute(listConnectors, "/api/v1/connectors", { key: await apiKeyFor(organization.id) });
    const zendesk = listed.json.data.find((c: { key: string }) => c.key === "zendesk");
    expect(zendesk.authMethods.map((m: { id: string; kind: string }) => `${m.id}:${m.kind}`)).toEqual(["oauth2:oauth2", "apiToken:credentials"]);
    expect(zendesk.authMethods[1].fields.map((f: { key: string; secret: boolean }) => `${f.key}${f.secret ? "*" : ""}`)).toEqual([
      "subdomain",
      "email",
      "token*",
    ]);
  });
});
