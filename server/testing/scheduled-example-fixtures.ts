/**
 * What the scheduled file examples' tests share: a sandbox Zendesk workspace the customer connects
 * with OAuth, connections made from typed credentials (SFTP, SMTP), deployment of a shipped
 * example, and the schedule tick driven with an explicit clock (no waiting for minutes to pass).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

import type { CredentialValues } from "@/server/connectors/framework/credential-fields";
import { db } from "@/server/db/client";
import { storeConnection } from "@/server/modules/connections/store-connection";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { createInstance } from "@/server/modules/instances/instances.service";
import { pushManifest, publishVersion } from "@/server/modules/integrations/integrations.service";
import { ensureSandboxAccount } from "@/server/sandbox/accounts.repo";
import { connectAs, registerTestClient } from "@/server/sandbox/testing/sandbox-fixtures";
import type { SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { waitFor } from "@/server/testing/test-worker";

export const EVERY_MINUTE = { cron: "* * * * *", timezone: "UTC" };

export function exampleManifest(name: string): string {
  return readFileSync(`examples/${name}/manifest.yaml`, "utf8");
}

/** A Zendesk workspace with an agent the integration acts as. */
export async function sandboxZendesk() {
  const suffix = randomBytes(3).toString("hex");
  const workspace = `files-${suffix}`;
  const agent = await ensureSandboxAccount("zendesk", {
    login: `bot-${suffix}@acme.test`,
    name: "Integration Bot",
    email: `bot-${suffix}@acme.test`,
    workspace,
    role: "agent",
  });
  return { workspace, agent };
}

export interface Scope {
  organizationId: string;
  customerId: string;
  customerExternalId: string;
}

export async function customerOf(organizationId: string): Promise<Scope> {
  const customerExternalId = `customer-${randomBytes(3).toString("hex")}`;
  const customer = await upsertCustomer(organizationId, customerExternalId);
  return { organizationId, customerId: customer.id, customerExternalId };
}

/** The customer's Zendesk connection, authorised through the sandbox's OAuth server as `agentLogin`. */
export async function connectZendesk(scope: Scope, sandbox: SandboxServer, agentLogin: string): Promise<string> {
  const grant = await connectAs("zendesk", agentLogin, await registerTestClient("zendesk"), "read write");
  const row = await storeConnection({
    organizationId: scope.organizationId,
    customerId: scope.customerId,
    instanceId: null,
    connectionId: null,
    key: "zendesk",
    connector: "zendesk",
    accountLabel: agentLogin,
    stored: { kind: "oauth2", accessToken: grant.accessToken, baseUrl: `${sandbox.origin}/sandbox/zendesk` },
    expiresAt: null,
  });
  return row.id;
}

/** A connection made from typed-in credentials (host, username, password or key…), as the connect form or the API makes it. */
export async function connectWithCredentials(scope: Scope, key: string, connector: string, values: CredentialValues): Promise<string> {
  const row = await storeConnection({
    organizationId: scope.organizationId,
    customerId: scope.customerId,
    instanceId: null,
    connectionId: null,
    key,
    connector,
    accountLabel: undefined,
    stored: { kind: "credentials", method: "credentials", values },
    expiresAt: null,
  });
  return row.id;
}

export async function activateExample(scope: Scope, name: string, config: Record<string, unknown>, connections: Record<string, string>) {
  const pushed = await pushManifest(scope.organizationId, exampleManifest(name));
  await publishVersion(scope.organizationId, pushed.version.id);
  return createInstance(scope.organizationId, { integrationId: pushed.integration.id, customerExternalId: scope.customerExternalId, config, connections });
}

export async function settled(instanceId: string) {
  await waitFor(
    async () => (await db().execution.count({ where: { instanceId, status: { in: ["queued", "running", "waiting"] } } })) === 0,
    "the instance's executions to finish",
    90_000,
  );
}

export function executionsOf(instanceId: string, flowKey: string) {
  return db().execution.findMany({
    where: { instanceId, flowKey },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, status: true, input: true, output: true, error: true },
  });
}
