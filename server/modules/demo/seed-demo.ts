/**
 * The demo a fresh `npm start` shows when the sandbox is on: right after the owner set-up creates
 * the organization, it is prepared as a vendor would prepare it — OAuth apps pointing at the
 * sandbox providers, the example integrations published and listed in the marketplace, an HS256
 * embed key and the app's own origin allowed to embed it — so `/sandbox/vendor` can play the
 * vendor's page. Every step is idempotent: running it again changes nothing.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { openJson } from "@/server/crypto/keyring";
import { runtimeConfig } from "@/server/env";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { importZisBundle } from "@/server/manifest/zis-import";
import { findActiveEmbedKey, findFirstActiveKeyByKid } from "@/server/modules/embed/embed-keys.repo";
import { DEMO_KID_PREFIX, generateSecretKey } from "@/server/modules/embed/embed-keys.service";
import { setIntegrationListed } from "@/server/modules/embed/embed-marketplace.repo";
import { embedSettings, saveEmbedSettings } from "@/server/modules/embed/embed-settings.service";
import { signEmbedToken } from "@/server/modules/embed/embed-fixtures";
import { latestPublishedVersion } from "@/server/modules/integrations/integrations.repo";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { createOAuthApp, oauthAppsOf } from "@/server/modules/oauth-apps/oauth-apps.service";
import { SANDBOX_OAUTH, type SandboxProvider } from "@/server/sandbox/config";
import { ensureSandboxOAuthClient } from "@/server/sandbox/oauth/oauth.service";
import { seedSandbox } from "@/server/sandbox/seed";

/** The embed key id the demo vendor page signs with; the console refuses ids of this prefix to anyone else. */
export const DEMO_EMBED_KID = `${DEMO_KID_PREFIX}demo-vendor`;
/** The customer the demo vendor page signs in. */
export const DEMO_CUSTOMER = { id: "demo-customer", name: "Demo Customer Inc." };

/** The example integrations, as manifests (the ZIS tutorial bundle imported). */
export function demoManifests(root = process.cwd()): string[] {
  const read = (file: string) => readFileSync(path.join(root, "examples", file), "utf8");
  const zis = importZisBundle(JSON.parse(read("zis-ticket-created/bundle.json")), {
    name: "New Zendesk tickets → webhook",
    category: "Support",
  });
  return [
    read("github-zendesk/manifest.yaml"),
    read("github-slack/manifest.yaml"),
    stringify(zis.manifest),
    read("github-issues-poll/manifest.yaml"),
    // Scheduled file import and export (SFTP, CSV, email).
    read("sftp-csv-import/manifest.yaml"),
    read("zendesk-ticket-report/manifest.yaml"),
    // Salesforce Outbound Messages (SOAP) ↔ the vendor's own app.
    read("salesforce-acme/manifest.yaml"),
  ];
}

async function ensureOAuthApps(organizationId: string, publicUrl: string) {
  const existing = new Set((await oauthAppsOf(organizationId)).map((app) => app.provider));
  for (const [provider, urls] of Object.entries(SANDBOX_OAUTH) as Array<[SandboxProvider, (typeof SANDBOX_OAUTH)[SandboxProvider]]>) {
    if (existing.has(provider)) continue;
    const clientId = `demo-${provider}-${organizationId.slice(0, 8)}`;
    const clientSecret = randomBytes(24).toString("hex");
    await ensureSandboxOAuthClient(provider, {
      clientId,
      clientSecret,
      redirectUris: [`${publicUrl}/api/oauth/callback`],
      // Slack delivers Events API callbacks to the app's events URL; the demo integrations do not subscribe.
      ...(provider === "slack" ? { signingSecret: randomBytes(16).toString("hex") } : {}),
    });
    await createOAuthApp(organizationId, {
      provider,
      clientId,
      clientSecret,
      scopes: urls.scopes,
      authorizeUrl: `${publicUrl}${urls.authorize}`,
      tokenUrl: `${publicUrl}${urls.token}`,
      apiBaseUrl: `${publicUrl}${urls.api}`,
    });
  }
}

async function ensureListedIntegration(organizationId: string, manifest: string) {
  const pushed = await pushManifest(organizationId, manifest);
  const published = await latestPublishedVersion(organizationId, pushed.integration.id);
  // pushManifest keeps an unchanged manifest as the same version; publish only what is not live yet.
  if (!published || published.id !== pushed.version.id) await publishVersion(organizationId, pushed.version.id);
  await setIntegrationListed(organizationId, pushed.integration.id, true);
  return pushed.integration;
}

async function ensureEmbedding(organizationId: string, origin: string) {
  if (!(await findActiveEmbedKey(organizationId, DEMO_EMBED_KID))) await generateSecretKey(organizationId, { kid: DEMO_EMBED_KID }, { demo: true });
  const { allowedOrigins } = await embedSettings(organizationId);
  if (!allowedOrigins.includes(origin)) await saveEmbedSettings(organizationId, { allowedOrigins: [...allowedOrigins, origin] });
}

/**
 * Points the organization at the sandbox providers: the sandbox seeded, an OAuth app per provider
 * registered with it, and the app's `/sandbox/` routes allowed as a network destination (the
 * sandbox APIs live there; the app's other routes stay refused). Shared with the end-to-end seed
 * (e2e/fixtures/embed-seed.ts).
 */
export async function connectOrganizationToSandbox(organizationId: string, publicUrl: string): Promise<void> {
  const base = publicUrl.replace(/\/+$/, "");
  await seedSandbox();
  await ensureOAuthApps(organizationId, base);
  await allowNetworkDestination(organizationId, `${new URL(base).origin}/sandbox/`);
}

/** Prepares the organization for the sandbox demo; does nothing when the sandbox is off. */
export async function seedDemo(organizationId: string): Promise<{ seeded: boolean; integrations: string[] }> {
  const config = runtimeConfig();
  if (!config.sandboxEnabled) return { seeded: false, integrations: [] };
  const publicUrl = config.publicUrl.replace(/\/+$/, "");
  const origin = new URL(publicUrl).origin;
  await connectOrganizationToSandbox(organizationId, publicUrl);
  const integrations = [];
  for (const manifest of demoManifests()) integrations.push((await ensureListedIntegration(organizationId, manifest)).key);
  await ensureEmbedding(organizationId, origin);
  return { seeded: true, integrations };
}

/**
 * What `/sandbox/vendor` needs: the demo organization (the one the demo was seeded into, holding
 * the demo key no other organization can register) and a JWT for its demo customer, signed as a
 * vendor's backend signs it.
 */
export async function demoVendorSession(): Promise<{ appUrl: string; token: string } | null> {
  const key = await findFirstActiveKeyByKid(DEMO_EMBED_KID, "HS256");
  if (!key?.secretEncrypted) return null;
  const secret = openJson<string>(key.secretEncrypted);
  const token = await signEmbedToken(new TextEncoder().encode(secret), "HS256", {
    organizationId: key.organizationId,
    kid: DEMO_EMBED_KID,
    sub: "demo-user",
    customer: DEMO_CUSTOMER.id,
    customerName: DEMO_CUSTOMER.name,
  });
  return { appUrl: runtimeConfig().publicUrl.replace(/\/+$/, ""), token };
}
