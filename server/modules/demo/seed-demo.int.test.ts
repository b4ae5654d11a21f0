/** The sandbox demo seed: what `/sandbox/vendor` and the README walkthrough rely on, and that running it twice changes nothing. */
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { runtimeConfig } from "@/server/env";
import { exchangeEmbedToken } from "@/server/modules/embed/embed-exchange.service";
import { listListedIntegrations } from "@/server/modules/embed/embed-marketplace.repo";
import { createOrganizationWithMember, TEST_SESSION_SECRET } from "@/server/testing/factories";
import { DEMO_CUSTOMER, DEMO_EMBED_KID, demoManifests, demoVendorSession, seedDemo } from "./seed-demo";

async function snapshot(organizationId: string) {
  const [organization, oauthApps, integrations, keys] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { networkAllowList: true, allowedOrigins: true } }),
    db().oAuthApp.findMany({
      where: { organizationId },
      orderBy: { provider: "asc" },
      select: { id: true, provider: true, clientId: true, authorizeUrl: true, tokenUrl: true, apiBaseUrl: true },
    }),
    db().integration.findMany({
      where: { organizationId },
      orderBy: { key: "asc" },
      select: { key: true, listed: true, versions: { select: { id: true, version: true, status: true } } },
    }),
    db().embedKey.findMany({ where: { organizationId }, select: { id: true, kid: true, algorithm: true, revokedAt: true } }),
  ]);
  return { organization, oauthApps, integrations, keys };
}

describe("seedDemo", () => {
  it("sets up OAuth apps, listed integrations, an embed key, the app's origin and its /sandbox/ routes as a destination, idempotently", async () => {
    const { organization } = await createOrganizationWithMember();
    const publicUrl = runtimeConfig().publicUrl;
    const origin = new URL(publicUrl).origin;

    const first = await seedDemo(organization.id);
    expect(first.seeded).toBe(true);
    expect(first.integrations.slice(0, 2)).toEqual(["github-zendesk", "github-slack"]);
    expect(first.integrations).toHaveLength(demoManifests().length);
    expect(first.integrations).toEqual(expect.arrayContaining(["github-issues-poll", "sftp-csv-import", "zendesk-ticket-report", "salesforce-acme"]));
    const before = await snapshot(organization.id);

    expect(before.oauthApps.map((app) => [app.provider, app.authorizeUrl, app.apiBaseUrl])).toEqual([
      ["acme", `${publicUrl}/sandbox/acme/oauth/authorize`, `${publicUrl}/sandbox/acme/api/v1`],
      ["github", `${publicUrl}/sandbox/github/login/oauth/authorize`, `${publicUrl}/sandbox/github/api`],
      ["salesforce", `${publicUrl}/sandbox/salesforce/services/oauth2/authorize`, `${publicUrl}/sandbox/salesforce`],
      ["slack", `${publicUrl}/sandbox/slack/oauth/v2/authorize`, `${publicUrl}/sandbox/slack/api`],
      ["zendesk", `${publicUrl}/sandbox/zendesk/oauth/authorizations/new`, `${publicUrl}/sandbox/zendesk`],
    ]);
    expect(before.integrations.map((i) => i.key).sort()).toEqual([...first.integrations].sort());
    for (const integration of before.integrations) {
      expect(integration.listed).toBe(true);
      expect(integration.versions.map((v) => [v.version, v.status])).toEqual([[1, "published"]]);
    }
    expect(before.keys).toEqual([expect.objectContaining({ kid: DEMO_EMBED_KID, algorithm: "HS256", revokedAt: null })]);
    expect(before.organization.allowedOrigins).toEqual([origin]);
    expect(before.organization.networkAllowList).toEqual([`${origin}/sandbox/`]);
    const sandboxClients = await db().sandboxOAuthClient.findMany({
      where: { clientId: { in: before.oauthApps.map((app) => app.clientId) } },
      select: { redirectUris: true },
    });
    expect(sandboxClients.map((c) => c.redirectUris)).toEqual(before.oauthApps.map(() => [`${publicUrl}/api/oauth/callback`]));

    const second = await seedDemo(organization.id);
    expect(second).toEqual(first);
    expect(await snapshot(organization.id)).toEqual(before);

    // The vendor page's token signs the demo customer in to this organization's marketplace.
    const session = await demoVendorSession();
    expect(session?.appUrl).toBe(publicUrl);
    const exchanged = await exchangeEmbedToken({ token: session!.token, parentOrigin: origin }, TEST_SESSION_SECRET);
    expect(exchanged).toMatchObject({ organizationName: organization.name, customerName: DEMO_CUSTOMER.name, sessionToken: expect.any(String) });
    const customer = await db().customer.findFirstOrThrow({ where: { organizationId: organization.id, externalId: DEMO_CUSTOMER.id } });
    // …and the marketplace lists the examples to that customer.
    const listed = await listListedIntegrations(organization.id, { customerId: customer.id }, {});
    expect(listed.map((i) => i.key).sort()).toEqual([...first.integrations].sort());
  });
});
