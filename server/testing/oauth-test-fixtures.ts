/** The connector, organization, customer, instance and OAuth app the OAuth tests share. */
import { defineConnector } from "@/server/connectors/framework/define-connector";
import { createConnectorRegistry } from "@/server/connectors/registry";
import { db } from "@/server/db/client";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { organizationNetwork, type OAuthSettings } from "@/server/modules/connections/oauth-settings";
import type { TestOAuthProvider } from "@/server/testing/oauth-test-provider";

/** A GitHub-like connector whose default URLs lead nowhere: the OAuth app's overrides must be used. */
export const hubConnector = defineConnector({
  key: "hub",
  name: "Hub",
  auth: {
    kind: "oauth2",
    grant: "authorization_code",
    authorizeUrl: "https://hub.invalid/login/oauth/authorize",
    tokenUrl: "https://hub.invalid/login/oauth/access_token",
    scopes: ["repo"],
    async accountLabel({ http }) {
      const me = await http.get<{ login: string }>("/user");
      return me.body.login;
    },
  },
  baseUrl: "https://api.hub.invalid",
  actions: {},
});

/** A machine-to-machine connector: client_credentials, no browser. */
export const serviceConnector = defineConnector({
  key: "service",
  name: "Service",
  auth: { kind: "oauth2", grant: "client_credentials", tokenUrl: "https://service.invalid/token", scopes: ["read"] },
  baseUrl: "https://api.service.invalid",
  actions: {},
});

export const TEST_PUBLIC_URL = "https://switchyard.test";

export function testOAuthSettings(overrides: Partial<OAuthSettings> = {}): OAuthSettings {
  return {
    publicUrl: TEST_PUBLIC_URL,
    registry: createConnectorRegistry([{ connector: hubConnector }, { connector: serviceConnector }]),
    network: organizationNetwork(TEST_PUBLIC_URL, false),
    ...overrides,
  };
}

const manifest = (key: string) => `key: ${key}
name: Hub sync
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Done
    States:
      Done: { Type: Pass, End: true }
`;

/** An organization that allow-lists the provider and points its Hub OAuth app at it, with one deployed instance. */
export async function oauthScenario(provider: TestOAuthProvider) {
  const { organization, user } = await createOrganizationWithMember();
  await db().organization.update({ where: { id: organization.id }, data: { networkAllowList: [provider.origin] } });
  await createOAuthApp(
    organization.id,
    {
      provider: "hub",
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: ["repo", "read:user"],
      authorizeUrl: `${provider.origin}/authorize`,
      tokenUrl: `${provider.origin}/token`,
      apiBaseUrl: provider.origin,
    },
    { registry: testOAuthSettings().registry },
  );
  const customerExternalId = `cust-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const { instance } = await deployIntegration({
    organizationId: organization.id,
    manifest: manifest(`hub-${customerExternalId}`),
    customer: customerExternalId,
  });
  const customer = await upsertCustomer(organization.id, customerExternalId);
  return { organization, user, customer, instance };
}
