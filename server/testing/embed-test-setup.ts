/**
 * A marketplace with two customers of one organization (A and B) and a customer of another
 * organization (C), each holding a sealed session; A has a deployed instance, a connection and a
 * run. Used by the embed integration tests.
 */
import { randomBytes } from "node:crypto";
import { sealJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { startExecution } from "@/server/modules/executions/executions.service";
import { callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { prepareEmbedOrganization, publishListedIntegration, signEmbedToken } from "@/server/modules/embed/embed-fixtures";

export const EMBED_ORIGIN = "https://app.vendor.test";

export function syncManifest(key: string, extra = "") {
  return `key: ${key}
name: Ticket sync ${key}
description: Copies tickets between Acme and your help desk.
category: Support
connections: { crm: { connector: acme, required: false } }
config:
  pages:
    - title: Settings
      fields:
        - { key: project, type: string, required: true, validation: { min: 3 } }
        - { key: apiToken, type: secret, generate: true }
        - { key: crmProject, type: select, dataSource: { connector: acme, source: listProjects, connection: crm } }
${extra}flows:
  - key: main
    trigger: { type: manual }
    StartAt: Check
    States:
      Check: { Type: Choice, Choices: [{ Variable: $.ok, BooleanEquals: true, Next: Done }], Default: Broken }
      Done: { Type: Succeed }
      Broken: { Type: Fail, Error: Nope, Cause: not ok }
`;
}

export async function sessionFor(organizationId: string, secret: string, kid: string, customer: string) {
  const token = await signEmbedToken(new TextEncoder().encode(secret), "HS256", { organizationId, kid, customer, sub: `user-of-${customer}` });
  const { sessionToken } = await callerAs({}).embed.exchange({ token, parentOrigin: EMBED_ORIGIN });
  return callerAs({ bearer: sessionToken });
}

export async function createEmbedWorld() {
  const suffix = randomBytes(3).toString("hex");
  const { organization, user: owner } = await createOrganizationWithMember();
  const { secret, key } = await prepareEmbedOrganization(organization.id, { allowedOrigins: [EMBED_ORIGIN] });
  const integrationKey = `sync-${suffix}`;
  const { integration } = await publishListedIntegration(organization.id, syncManifest(integrationKey));
  const a = await sessionFor(organization.id, secret!, key.kid, "customer-a");
  const b = await sessionFor(organization.id, secret!, key.kid, "customer-b");

  const other = await createOrganizationWithMember();
  const otherKey = await prepareEmbedOrganization(other.organization.id, { allowedOrigins: [EMBED_ORIGIN] });
  const c = await sessionFor(other.organization.id, otherKey.secret!, otherKey.key.kid, "customer-c");

  const { instanceId } = await a.embed.wizard.activate({ integrationKey });
  await a.embed.wizard.deploy({ instanceId, values: { project: "alpha", apiToken: "a-secret-token-value" } });
  const customerA = await db().customer.findFirstOrThrow({ where: { organizationId: organization.id, externalId: "customer-a" } });
  const connection = await db().connection.create({
    data: {
      organizationId: organization.id,
      customerId: customerA.id,
      instanceId: null,
      key: "crm",
      connector: "acme",
      authKind: "apiKey",
      accountLabel: "a@acme.test",
      credentialsEncrypted: sealJson({ kind: "apiKey", key: "acme-key-of-a" }),
    },
  });
  const execution = await startExecution(organization.id, { instanceId, flowKey: "main", input: { ok: false }, trigger: "manual" });
  await db().execution.update({ where: { id: execution.id }, data: { status: "failed", error: { Error: "Nope", Cause: "not ok" }, finishedAt: new Date() } });
  return {
    organization,
    owner,
    integration,
    integrationKey,
    a,
    b,
    c,
    instanceId,
    connectionId: connection.id,
    executionId: execution.id,
    secret: secret!,
    kid: key.kid,
    embedKeyId: key.id,
    customerAId: customerA.id,
    otherOrganization: other.organization,
    otherOwner: other.user,
  };
}

export type EmbedWorld = Awaited<ReturnType<typeof createEmbedWorld>>;
