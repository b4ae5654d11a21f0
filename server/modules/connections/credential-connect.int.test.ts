/**
 * Connecting from typed-in credentials through tRPC: the console (owners and admins change,
 * support only reads), the headless API router behind an API key, and the domain service's
 * reconnect-in-place. Credentials are checked with the sandbox providers over HTTP.
 */
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/server/api/testing/app-server";
import { openJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { createApiKey } from "@/server/modules/api-keys/api-keys.service";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { createEmbedWorld } from "@/server/testing/embed-test-setup";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { sendJson, startLocalServer } from "@/server/connectors/testing/local-server";
import { mintPersonalToken } from "@/server/sandbox/oauth/personal-tokens";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { createLogger, logger, setLogger } from "@/server/logger";
import { addMember, callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { freePort } from "@/server/testing/free-port";
import { uniqueKey } from "@/server/testing/hooks";
import { connectWithCredentials } from "./credential-connect.service";
import { credentialConnectSettings } from "./oauth-settings";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    return error as TRPCError;
  }
  throw new Error("expected a rejection");
}

describe("connections from credentials over tRPC", () => {
  it("lets a console admin connect a customer's Slack with a bot token; support may not", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const support = await addMember(organization.id, "support");
    const customer = await upsertCustomer(organization.id, uniqueKey("cust"));
    const { token } = await mintPersonalToken("slack");
    const input = { customerId: customer.id, connector: "slack", credentials: { token }, baseUrl: `${app.origin}/sandbox/slack/api` };

    expect((await rejection(callerAs({ userId: support.id }).connections.connectWithCredentials(input))).code).toBe("FORBIDDEN");
    const saved = await callerAs({ userId: user.id }).connections.connectWithCredentials(input);
    expect(saved).toMatchObject({ connector: "slack", key: "slack", authKind: "credentials", accountLabel: "Acme", status: "active" });
    expect(JSON.stringify(saved)).not.toContain(token);
    expect(await callerAs({ userId: support.id }).connections.list({ customerId: customer.id })).toHaveLength(1);
  });

  it("serves the same operations to TypeScript callers with an API key, scoped to the key's organization", async () => {
    const { organization } = await createOrganizationWithMember();
    const other = await createOrganizationWithMember();
    const customer = await upsertCustomer(organization.id, uniqueKey("cust"));
    const api = callerAs({ bearer: (await createApiKey(organization.id, "backend")).key }).api.connections;
    const foreign = callerAs({ bearer: (await createApiKey(other.organization.id, "backend")).key }).api.connections;
    const { token } = await mintPersonalToken("github");
    const input = { id: customer.id, connector: "github", credentials: { token }, method: "personalAccessToken", baseUrl: `${app.origin}/sandbox/github/api` };

    expect((await rejection(foreign.create(input))).code).toBe("NOT_FOUND");
    const created = await api.create(input);
    expect(created.accountLabel).toBe(SANDBOX_DEMO.github.login);
    expect((await api.list({ id: customer.id })).data.map((c) => c.id)).toEqual([created.id]);
    expect((await rejection(foreign.delete({ id: customer.id, connectionId: created.id }))).code).toBe("NOT_FOUND");
    await api.delete({ id: customer.id, connectionId: created.id });
    expect((await api.list({ id: customer.id })).data).toEqual([]);
    expect((await api.connectors()).data.find((c) => c.key === "github")?.authMethods.map((m) => m.id)).toEqual(["oauth2", "personalAccessToken"]);
  });

  it("reconnects a connection in place with new credentials, keeping its id", async () => {
    const { organization } = await createOrganizationWithMember();
    const customer = await upsertCustomer(organization.id, uniqueKey("cust"));
    const scope = { organizationId: organization.id, customerId: customer.id };
    const baseUrl = `${app.origin}/sandbox/github/api`;
    const first = await connectWithCredentials(
      scope,
      { connector: "github", method: "personalAccessToken", credentials: { token: (await mintPersonalToken("github")).token }, baseUrl },
      credentialConnectSettings(),
    );
    const next = (await mintPersonalToken("github")).token;
    const again = await connectWithCredentials(
      scope,
      { connector: "github", connectionId: first.id, method: "personalAccessToken", credentials: { token: next }, baseUrl },
      credentialConnectSettings(),
    );
    expect(again.id).toBe(first.id);
    const row = await db().connection.findFirstOrThrow({ where: { id: first.id } });
    expect(openJson<{ values: { token: string } }>(row.credentialsEncrypted).values.token).toBe(next);
    await expect(
      connectWithCredentials(scope, { connector: "slack", connectionId: first.id, credentials: { token: "xoxb-1" }, baseUrl }, credentialConnectSettings()),
    ).rejects.toThrow(`Connection ${first.id} is a "github" github connection, not "slack" slack.`);
  });

  it("uses the API URL of the organization's OAuth app for the provider when none is given (GitHub Enterprise Server, the sandbox)", async () => {
    const { organization } = await createOrganizationWithMember();
    const customer = await upsertCustomer(organization.id, uniqueKey("cust"));
    const scope = { organizationId: organization.id, customerId: customer.id };
    const token = (await mintPersonalToken("github")).token;
    const input = { connector: "github", method: "personalAccessToken", credentials: { token } };
    // Without it the token goes to api.github.com, which does not know it (or cannot be reached offline).
    await expect(connectWithCredentials(scope, input, credentialConnectSettings())).rejects.toThrow(
      /GitHub (did not accept|refused) these credentials|Could not reach GitHub/,
    );
    await createOAuthApp(organization.id, {
      provider: "github",
      clientId: "id",
      clientSecret: "secret",
      scopes: [],
      apiBaseUrl: `${app.origin}/sandbox/github/api`,
    });
    const saved = await connectWithCredentials(scope, input, credentialConnectSettings());
    expect(saved.accountLabel).toBe(SANDBOX_DEMO.github.login);
  });

  it("tells a customer in the embed only that the check could not be made when the address is refused or unreachable; the vendor sees why, and so does the log", async () => {
    const world = await createEmbedWorld();
    const { instanceId } = await world.b.embed.wizard.activate({ integrationKey: world.integrationKey });
    const closedPort = await freePort();
    await allowNetworkDestination(world.organization.id, `127.0.0.1:${closedPort}`);
    const logged: string[] = [];
    const previous = logger();
    setLogger(createLogger({ level: "warn", destination: { write: (line: string) => void logged.push(line) } }));
    try {
      const input = { connector: "acme", key: "crm", instanceId, credentials: { apiKey: "typed-key" } };
      const refused = await rejection(world.b.connections.connectWithCredentials({ ...input, baseUrl: "http://10.11.12.13:8080" }));
      expect(refused).toMatchObject({
        code: "UNPROCESSABLE_CONTENT",
        message: "Could not check these credentials with Acme. If this keeps happening, contact support.",
      });
      const unreachable = await rejection(world.b.connections.connectWithCredentials({ ...input, baseUrl: `http://127.0.0.1:${closedPort}` }));
      expect(unreachable).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: "Could not reach Acme to check these credentials. Try again in a moment." });
      expect(logged.join("\n")).toContain("refused to connect to 10.11.12.13 (private address)");
      expect(logged.join("\n")).toContain(`127.0.0.1:${closedPort}`);

      // The vendor's own console is told what to fix.
      const customerB = await db().customer.findFirstOrThrow({ where: { organizationId: world.organization.id, externalId: "customer-b" } });
      const console = callerAs({ userId: world.owner.id });
      const forVendor = await rejection(console.connections.connectWithCredentials({ ...input, customerId: customerB.id, baseUrl: "http://10.11.12.13:8080" }));
      expect(forVendor.message).toContain("refused to connect to 10.11.12.13 (private address): add it to the organization's network allow-list");
    } finally {
      setLogger(previous);
    }
  });

  it("lets the embedded wizard offer 'use a token instead' and connect the instance's connection with it", async () => {
    const world = await createEmbedWorld();
    const acme = await startLocalServer((request, response) =>
      request.headers["x-acme-key"] === "typed-key" ? sendJson(response, 200, { email: "b@acme.test" }) : sendJson(response, 401, { message: "bad key" }),
    );
    try {
      await allowNetworkDestination(world.organization.id, acme.origin);
      const { instanceId } = await world.b.embed.wizard.activate({ integrationKey: world.integrationKey });
      const state = await world.b.embed.wizard.state({ instanceId });
      const crm = state.connections.find((c) => c.key === "crm")!;
      expect(crm.tokenMethods).toEqual([
        {
          id: "apiKey",
          label: "Acme API key (Settings → API)",
          description: null,
          fields: [{ key: "apiKey", label: "Acme API key (Settings → API)", type: "string", secret: true, optional: false }],
        },
      ]);

      const input = { connector: "acme", key: "crm", instanceId, credentials: { apiKey: "wrong" }, baseUrl: acme.origin };
      expect((await rejection(world.b.connections.connectWithCredentials(input))).message).toContain("Acme refused these credentials");
      await world.b.connections.connectWithCredentials({ ...input, credentials: { apiKey: "typed-key" } });
      const after = await world.b.embed.wizard.state({ instanceId });
      expect(after.connections.find((c) => c.key === "crm")?.connection).toMatchObject({ accountLabel: "b@acme.test", status: "active" });
      // Another customer's session cannot attach credentials to this instance.
      expect((await rejection(world.a.connections.connectWithCredentials({ ...input, credentials: { apiKey: "typed-key" } }))).code).toBe("NOT_FOUND");
    } finally {
      await acme.close();
    }
  });
});
