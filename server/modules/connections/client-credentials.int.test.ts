import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { connectWithClientCredentials } from "./client-credentials.service";
import { createConnectionResolver } from "./connection-resolver";
import { oauthScenario, testOAuthSettings } from "@/server/testing/oauth-test-fixtures";
import { startTestOAuthProvider, type TestOAuthProvider } from "@/server/testing/oauth-test-provider";

let provider: TestOAuthProvider;
const settings = testOAuthSettings();
beforeAll(async () => {
  provider = await startTestOAuthProvider();
});
afterAll(() => provider.close());

describe("client_credentials connections", () => {
  it("connect without a browser using the customer's own client, and fetch a new token when it expires", async () => {
    const { organization, customer, instance } = await oauthScenario(provider);
    // The vendor's app only points the token URL at the provider; the client is the customer's own.
    await createOAuthApp(
      organization.id,
      { provider: "service", clientId: "vendor-client", tokenUrl: `${provider.origin}/token` },
      { registry: settings.registry },
    );
    const scope = { organizationId: organization.id, customerId: customer.id };
    const wrong = await connectWithClientCredentials(
      scope,
      { connector: "service", key: "svc", instanceId: instance.id, clientId: provider.clientId, clientSecret: "wrong" },
      settings,
    ).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect((wrong as AppError).message).toBe("Service refused these client credentials (invalid_client).");

    provider.tokenLifetime = 2;
    const saved = await connectWithClientCredentials(
      scope,
      { connector: "service", key: "svc", instanceId: instance.id, clientId: provider.clientId, clientSecret: provider.clientSecret },
      settings,
    );
    provider.tokenLifetime = 3600;
    expect(saved).toMatchObject({ key: "svc", connector: "service", authKind: "oauth2", status: "active" });
    const row = await db().connection.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row.credentialsEncrypted).not.toContain(provider.clientSecret);

    const resolver = createConnectionResolver({ ...settings, now: () => new Date(Date.now() + 3000), refreshAheadMs: 500 });
    const resolved = await resolver.resolveInstanceConnection(organization.id, instance.id, "svc");
    const token = resolved.auth.kind === "oauth2" ? resolved.auth.accessToken : "";
    expect(provider.accessTokens.get(token)).toBe("service-account");
    expect((await db().connection.findUniqueOrThrow({ where: { id: saved.id } })).expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  });
});
