/** Shared by the polling tests: an organization that may reach the sandbox, and a deployed poll flow with a stored sandbox connection. */
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { storeConnection } from "@/server/modules/connections/store-connection";
import { readPollState } from "@/server/triggers/kinds/poll/poll-state.repo";
import { SANDBOX_OAUTH, type SandboxProvider } from "@/server/sandbox/config";
import { connectAs, registerTestClient } from "@/server/sandbox/testing/sandbox-fixtures";
import type { SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import type { PollEnvironment } from "@/server/triggers/kinds/poll/run-poll";

export const pollEnvironment: PollEnvironment = { log: createLogger({ level: "silent" }), alwaysAllow: [] };

/** An organization whose network allow-list lets its flows and polls reach these origins. */
export async function organizationReaching(...origins: string[]) {
  const { organization } = await createOrganizationWithMember();
  await db().organization.update({ where: { id: organization.id }, data: { networkAllowList: origins } });
  return organization;
}

interface SandboxLogin {
  sandbox: SandboxServer;
  provider: SandboxProvider;
  login: string;
  /** The manifest's connection key. */
  key: string;
  scope?: string;
}

/** Gives the instance a `key` connection of the sandbox account `login` (OAuth tokens, as the wizard stores them). */
export async function connectSandboxAccount(instance: { id: string; organizationId: string; customerId: string }, options: SandboxLogin) {
  const grant = await connectAs(options.provider, options.login, await registerTestClient(options.provider), options.scope ?? "read");
  await storeConnection({
    organizationId: instance.organizationId,
    customerId: instance.customerId,
    instanceId: instance.id,
    connectionId: null,
    key: options.key,
    connector: options.provider,
    accountLabel: options.login,
    stored: { kind: "oauth2", accessToken: grant.accessToken, baseUrl: `${options.sandbox.origin}${SANDBOX_OAUTH[options.provider].api}` },
    expiresAt: null,
  });
}

/** Deploys the manifest and connects one sandbox account to its instance. */
export async function deployWithSandboxConnection(options: { organizationId: string; manifest: string; config?: Record<string, unknown> } & SandboxLogin) {
  const deployed = await deployIntegration({ organizationId: options.organizationId, manifest: options.manifest, config: options.config });
  await connectSandboxAccount(deployed.instance, options);
  return deployed;
}

export function pollExecutions(instanceId: string, flowKey: string) {
  // Executions started by one statement share their creation time; their ids are in start order.
  return db().execution.findMany({ where: { instanceId, flowKey }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function pollState(instanceId: string, flowKey: string) {
  return readPollState(instanceId, flowKey);
}
