/**
 * A customer's instance whose GitHub connection needs reconnecting, made the way it happens: the
 * connection's access token has expired and GitHub (the sandbox's) refuses its refresh token, so
 * the first run started here refreshes, is refused (invalid_grant), marks the connection and
 * parks. Shared by the end-to-end seeds (e2e/fixtures/reconnect-seed.ts) for the console's and
 * the embedded marketplace's Reconnect prompts.
 */
import { randomBytes } from "node:crypto";
import { createInstance } from "@/server/modules/instances/instances.service";
import { publishListedIntegration } from "@/server/modules/embed/embed-fixtures";
import { startManualExecution } from "@/server/triggers/kinds/manual/manual";
import { storeConnection } from "@/server/modules/connections/store-connection";

export const GITHUB_PROFILE_KEY = "github-profile";

/** A small integration that reads the connected GitHub account's profile. */
export const GITHUB_PROFILE_MANIFEST = `key: ${GITHUB_PROFILE_KEY}
name: GitHub profile check
description: Checks who the connected GitHub account is, on demand.
category: Developer tools
connections:
  github: { connector: github, label: GitHub }
actions:
  whoAmI: { method: GET, path: /user, connection: github, description: The connected GitHub account }
flows:
  - key: whoami
    name: Who am I
    trigger: { type: manual }
    StartAt: Ask GitHub
    States:
      Ask GitHub:
        Type: Action
        Action: whoAmI
        ResultSelector: { "login.$": $.body.login }
        End: true
`;

export async function instanceNeedingReconnect(organizationId: string, options: { customerExternalId: string; customerName: string; sandboxUrl: string }) {
  const { integration } = await publishListedIntegration(organizationId, GITHUB_PROFILE_MANIFEST);
  const instance = await createInstance(organizationId, {
    integrationId: integration.id,
    customerExternalId: options.customerExternalId,
    customerName: options.customerName,
    config: {},
  });
  const connection = await storeConnection({
    organizationId,
    customerId: instance.customerId,
    instanceId: instance.id,
    connectionId: null,
    key: "github",
    connector: "github",
    accountLabel: "octo-demo",
    stored: {
      kind: "oauth2",
      accessToken: `gho_${randomBytes(18).toString("hex")}`,
      // A refresh token GitHub never issued (the customer revoked the app): the refresh is refused.
      refreshToken: `ghr_${randomBytes(18).toString("hex")}`,
      tokenType: "bearer",
      baseUrl: `${options.sandboxUrl.replace(/\/+$/, "")}/sandbox/github/api`,
    },
    expiresAt: new Date(Date.now() - 60_000),
  });
  const { executionId } = await startManualExecution(organizationId, { instanceId: instance.id, flowKey: "whoami" });
  return { instanceId: instance.id, customerId: instance.customerId, connectionId: connection.id, executionId };
}
