/**
 * Two organizations for tenant-isolation tests. A (the victim) has everything a tenant can own:
 * members, API key, embed key, OAuth app, a listed integration with a published and a draft
 * version, customers, an instance with secret config, a connection with OAuth tokens, executions
 * and events. B (the attacker) has its own console owner, API key, embed session and integration,
 * and knows every id of A's. Every caller records what it gets back, for the secret scans.
 */
import { randomBytes } from "node:crypto";
import { manualManifest } from "@/server/api/testing/call-route";
import { sealJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { createAlertChannel, saveSmtpSettings } from "@/server/modules/alerts/alerts.service";
import { createApiKey } from "@/server/modules/api-keys/api-keys.service";
import { createEmbedWorld, syncManifest } from "@/server/testing/embed-test-setup";
import { pushManifest } from "@/server/modules/integrations/integrations.service";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { addMember, callerAs, deployIntegration } from "./factories";
import { recordingCaller, type Recorded } from "./tenant-isolation/recording-caller";

/** Plain values that must never leave the database unencrypted, nor appear in any answer. */
export const KNOWN_SECRETS = {
  instanceSecret: "a-secret-token-value",
  connectionApiKey: "acme-key-of-a",
  accessToken: `gho_access_${"a".repeat(24)}`,
  refreshToken: `ghr_refresh_${"b".repeat(24)}`,
  oauthClientSecret: `oauth-client-secret-${"c".repeat(16)}`,
  smtpPassword: `smtp-password-${"d".repeat(16)}`,
};

/** A's tools: a tool flow that reads a secret setting (its answer must come back redacted) and a connector action whose connection is not connected. */
export const toolsManifest = (key: string) => `key: ${key}
name: Tools ${key}
connections: { crm: { connector: acme, required: false } }
config:
  pages:
    - title: Settings
      fields:
        - { key: apiToken, type: secret, generate: true }
flows:
  - key: echo
    trigger: { type: tool, name: echo_settings, readOnly: true, inputSchema: { type: object, properties: { note: { type: string } } } }
    StartAt: Echo
    States:
      Echo: { Type: Pass, Parameters: { "note.$": "$.note", "value.$": "$$.Config.apiToken" }, End: true }
tools:
  - action: acme.getWidget
`;

export async function createTenantWorld() {
  const responses: Recorded[] = [];
  const rec = <T extends object>(caller: T) => recordingCaller(caller, responses);
  const embed = await createEmbedWorld();
  const a = embed.organization;
  const b = embed.otherOrganization;

  const aSupport = await addMember(a.id, "support");
  const aSupportMembership = await db().membership.findFirstOrThrow({ where: { organizationId: a.id, userId: aSupport.id } });
  const aApiKey = await createApiKey(a.id, "victim");
  const aOAuthApp = await createOAuthApp(a.id, {
    provider: "github",
    clientId: "victim-client",
    clientSecret: KNOWN_SECRETS.oauthClientSecret,
    scopes: ["repo"],
  });
  const aVersions = await db().integrationVersion.findMany({ where: { integrationId: embed.integration.id }, orderBy: { version: "asc" } });
  const draft = await pushManifest(a.id, syncManifest(embed.integrationKey, "icon: https://example.test/icon.png\n"));
  const oauthConnection = await db().connection.create({
    data: {
      organizationId: a.id,
      customerId: embed.customerAId,
      instanceId: embed.instanceId,
      key: "github",
      connector: "github",
      authKind: "oauth2",
      accountLabel: "octo-a",
      credentialsEncrypted: sealJson({ kind: "oauth2", accessToken: KNOWN_SECRETS.accessToken, refreshToken: KNOWN_SECRETS.refreshToken, tokenType: "bearer" }),
    },
  });
  await db().event.create({
    data: { organizationId: a.id, instanceId: embed.instanceId, source: "generic", verdict: "rejected", reason: "bad signature", headers: {} },
  });
  const aAlertChannel = await createAlertChannel(a.id, { kind: "webhook", name: "Victim ops", url: "https://victim.example/alerts" });
  await saveSmtpSettings(a.id, {
    host: "smtp.victim.example",
    port: 587,
    security: "starttls",
    username: "victim",
    password: KNOWN_SECRETS.smtpPassword,
    fromAddress: "alerts@victim.example",
  });

  const aTools = await deployIntegration({
    organizationId: a.id,
    manifest: toolsManifest(`tools-${randomBytes(3).toString("hex")}`),
    config: { apiToken: KNOWN_SECRETS.instanceSecret },
    customer: "customer-a",
  });

  const bApiKey = await createApiKey(b.id, "attacker");
  const bDeployed = await deployIntegration({
    organizationId: b.id,
    manifest: manualManifest(`attacker-${randomBytes(3).toString("hex")}`),
    config: { greeting: "Hi" },
  });

  return {
    responses,
    embed: { ...embed, a: rec(embed.a), b: rec(embed.b), c: rec(embed.c) },
    a: {
      organizationId: a.id,
      owner: rec(callerAs({ userId: embed.owner.id })),
      api: rec(callerAs({ bearer: aApiKey.key })),
      apiKey: aApiKey,
      supportMembershipId: aSupportMembership.id,
      oauthAppId: aOAuthApp.id,
      integrationId: embed.integration.id,
      integrationKey: embed.integrationKey,
      publishedVersionId: aVersions[0].id,
      draftVersionId: draft.version.id,
      customerId: embed.customerAId,
      customerExternalId: "customer-a",
      instanceId: embed.instanceId,
      toolsInstanceId: aTools.instance.id,
      executionId: embed.executionId,
      connectionId: embed.connectionId,
      oauthConnectionId: oauthConnection.id,
      embedKeyId: embed.embedKeyId,
      alertChannelId: aAlertChannel.channel.id,
    },
    b: {
      organizationId: b.id,
      owner: rec(callerAs({ userId: embed.otherOwner.id })),
      api: rec(callerAs({ bearer: bApiKey.key })),
      apiKey: bApiKey.key,
      integrationId: bDeployed.integration.id,
      versionId: bDeployed.version.id,
      instanceId: bDeployed.instance.id,
      customerId: bDeployed.instance.customerId,
    },
    knownSecrets: [...Object.values(KNOWN_SECRETS), embed.secret, aApiKey.key.slice(aApiKey.prefix.length), aAlertChannel.signingSecret!],
  };
}

export type TenantWorld = Awaited<ReturnType<typeof createTenantWorld>>;
