import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectorRegistry } from "@/server/connectors/registry";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { evaluateOrganizationAlerts } from "@/server/modules/alerts/evaluate-alerts";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { failUnreconnectedWaits } from "@/server/modules/executions/executions.repo";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { callerAs, createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { checkConnection } from "./health-check.service";
import { organizationNetwork, type OAuthSettings } from "./oauth-settings";
import { TEST_PUBLIC_URL } from "@/server/testing/oauth-test-fixtures";
import { connectThroughPopup } from "@/server/testing/oauth-test-popup";
import { startTestOAuthProvider, type TestOAuthProvider } from "@/server/testing/oauth-test-provider";
import { connectionResolver } from "./resolve-connection";
import { storeConnection } from "./store-connection";

let provider: TestOAuthProvider;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const settings: OAuthSettings = { publicUrl: TEST_PUBLIC_URL, registry: connectorRegistry, network: organizationNetwork(TEST_PUBLIC_URL, false) };

beforeAll(async () => {
  provider = await startTestOAuthProvider();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});
afterAll(async () => {
  await worker.stop();
  await provider.close();
});
afterEach(() => {
  provider.refusesAllTokens = false;
  provider.tokenLifetime = 3600;
});

/** A flow that asks the provider who the connected account is, through the customer's GitHub connection. */
const whoAmI = (key: string) => `key: ${key}
name: Who am I
connections: { github: { connector: github } }
actions:
  whoAmI: { method: GET, path: /user, connection: github, description: The connected account }
flows:
  - key: whoami
    trigger: { type: manual }
    StartAt: Ask
    States:
      Ask:
        Type: Action
        Action: whoAmI
        ResultSelector: { "login.$": $.body.login }
        Retry: [{ ErrorEquals: [States.ALL], MaxAttempts: 3, IntervalSeconds: 1 }]
        Catch: [{ ErrorEquals: [States.ALL], Next: GaveUp }]
        End: true
      GaveUp: { Type: Fail, Error: GaveUp }
`;

/** An organization whose GitHub OAuth app is the test provider, an instance of the flow, and its connection. */
async function connectedInstance(options: { expired?: boolean } = {}) {
  const { organization, user } = await createOrganizationWithMember();
  await db().organization.update({ where: { id: organization.id }, data: { networkAllowList: [provider.origin] } });
  await createOAuthApp(organization.id, {
    provider: "github",
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scopes: ["repo"],
    authorizeUrl: `${provider.origin}/authorize`,
    tokenUrl: `${provider.origin}/token`,
    apiBaseUrl: provider.origin,
  });
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest: whoAmI(uniqueKey("whoami")), customer: uniqueKey("acme") });
  const tokens = provider.issue("octocat");
  const connection = await storeConnection({
    organizationId: organization.id,
    customerId: instance.customerId,
    instanceId: instance.id,
    connectionId: null,
    key: "github",
    connector: "github",
    accountLabel: "octocat",
    stored: { kind: "oauth2", accessToken: tokens.access_token, refreshToken: tokens.refresh_token, tokenType: "bearer", baseUrl: provider.origin },
    expiresAt: new Date(Date.now() + (options.expired ? -60_000 : 3600_000)),
  });
  const console = callerAs({ userId: user.id });
  return { organization, instance, connection, console, scope: { organizationId: organization.id, customerId: instance.customerId } };
}

async function run(console: ReturnType<typeof callerAs>, instanceId: string) {
  return (await console.executions.start({ instanceId, flowKey: "whoami", input: {} })).id;
}

async function settled(console: ReturnType<typeof callerAs>, id: string, status: string) {
  return waitFor(async () => {
    const execution = await console.executions.get({ id });
    return execution.status === status ? execution : null;
  }, `the execution to be ${status}`);
}

describe("connection health", () => {
  it("a refused refresh (invalid_grant) marks the connection as needing reconnecting and parks the run; reconnecting in place runs it again", async () => {
    const s = await connectedInstance({ expired: true });
    // The customer revoked the app at the provider: its refresh token is dead.
    provider.refreshTokens.clear();
    await s.console.alerts.createRule({ name: "Reconnects", condition: "connection_needs_reconnect" });

    const id = await run(s.console, s.instance.id);
    const parked = await settled(s.console, id, "waiting");
    // Parked on the action, past its Retry and Catch: no retry was spent and the flow did not give up.
    const steps = (await s.console.executions.get({ id })).steps;
    expect(steps.map((step) => [step.stateName, step.status])).toEqual([["Ask", "waiting"]]);
    expect(steps[0].error).toMatchObject({ Error: "Switchyard.ReconnectRequired", Cause: expect.stringContaining("invalid_grant") });
    expect(parked.status).toBe("waiting");

    const [row] = await s.console.connections.list({ customerId: s.instance.customerId });
    expect(row).toMatchObject({ id: s.connection.id, status: "broken", statusReason: expect.stringContaining("invalid_grant") });
    expect(row.brokenAt).not.toBeNull();

    await evaluateOrganizationAlerts(s.organization.id);
    const [incident] = (await s.console.incidents.list({ status: "open" })).items;
    expect(incident.title).toMatch(/^Needs reconnecting: acme-\w+'s github connection \(Who am I\)$/);

    // The customer reconnects the same connection through the OAuth popup.
    const popup = await connectThroughPopup(
      s.scope,
      { connector: "github", key: "github", instanceId: s.instance.id, connectionId: s.connection.id },
      settings,
    );
    expect(popup.message).toMatchObject({ ok: true, connectionId: s.connection.id });
    const done = await settled(s.console, id, "succeeded");
    expect(done.output).toEqual({ login: "octocat" });
    expect((await s.console.connections.list({ customerId: s.instance.customerId }))[0]).toMatchObject({
      status: "active",
      statusReason: null,
      brokenAt: null,
    });

    await evaluateOrganizationAlerts(s.organization.id);
    expect((await s.console.incidents.get({ id: incident.id })).status).toBe("resolved");
  });

  it("a run parked longer than the reconnect wait fails with what happened, and replays from its parked state once reconnected", async () => {
    const s = await connectedInstance({ expired: true });
    provider.refreshTokens.clear();
    const id = await run(s.console, s.instance.id);
    await settled(s.console, id, "waiting");
    const week = 7 * 24 * 60 * 60 * 1000;

    // Parked a day ago: still waiting for the customer.
    await db().execution.update({ where: { id }, data: { updatedAt: new Date(Date.now() - 24 * 60 * 60 * 1000) } });
    expect(await failUnreconnectedWaits(new Date(Date.now() - week), "7 days")).not.toContainEqual(expect.objectContaining({ id }));
    expect((await s.console.executions.get({ id })).status).toBe("waiting");

    // Parked eight days ago: it fails, and says why and what to do.
    await db().execution.update({ where: { id }, data: { updatedAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) } });
    const givenUp = await failUnreconnectedWaits(new Date(Date.now() - week), "7 days");
    expect(givenUp).toContainEqual({ id, integrationKey: expect.stringMatching(/^whoami/), flowKey: "whoami" });
    const failed = await s.console.executions.get({ id });
    const cause = 'the connection "github" was not reconnected within 7 days; reconnect it and replay the run from this state';
    expect(failed).toMatchObject({ status: "failed", error: { Error: "Switchyard.ReconnectRequired", Cause: cause } });
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.steps.map((step) => [step.stateName, step.status, (step.error as { Cause?: string } | null)?.Cause])).toEqual([["Ask", "failed", cause]]);

    // Reconnected later, the run is replayed from the state it stopped in.
    await connectThroughPopup(s.scope, { connector: "github", key: "github", instanceId: s.instance.id, connectionId: s.connection.id }, settings);
    const replay = await s.console.executions.replay({ id, from: "failed-state", version: "same" });
    expect((await settled(s.console, replay.id, "succeeded")).output).toEqual({ login: "octocat" });
  });

  it("a 401 renews the token and the call goes on; a 401 after the renewal marks the connection as needing reconnecting", async () => {
    const s = await connectedInstance();
    // The access token was revoked but the grant lives: renewed once, and the run succeeds.
    provider.accessTokens.clear();
    let refreshes = provider.refreshCount;
    const ok = await run(s.console, s.instance.id);
    expect((await settled(s.console, ok, "succeeded")).output).toEqual({ login: "octocat" });
    expect(provider.refreshCount - refreshes).toBe(1);

    // Now the provider refuses every token, a fresh one too. (The renewal above is an hour old by now:
    // one only moments old would itself count as the renewal the next 401 asks for.)
    await db().connection.update({ where: { id: s.connection.id }, data: { refreshedAt: new Date(Date.now() - 3600_000) } });
    provider.refusesAllTokens = true;
    refreshes = provider.refreshCount;
    const calls = provider.apiCalls;
    const id = await run(s.console, s.instance.id);
    await settled(s.console, id, "waiting");
    expect(provider.refreshCount - refreshes).toBe(1);
    expect(provider.apiCalls - calls).toBe(2);
    const [row] = await s.console.connections.list({ customerId: s.instance.customerId });
    expect(row.status).toBe("broken");
    expect(row.statusReason).toMatch(/answered 401 Unauthorized.*also after its access token was renewed/);

    // A second run meets the broken connection and parks without calling the provider.
    const second = await run(s.console, s.instance.id);
    await settled(s.console, second, "waiting");
    expect(provider.apiCalls - calls).toBe(2);

    // Reconnected: both runs go on.
    provider.refusesAllTokens = false;
    await connectThroughPopup(s.scope, { connector: "github", key: "github", instanceId: s.instance.id, connectionId: s.connection.id }, settings);
    await settled(s.console, id, "succeeded");
    await settled(s.console, second, "succeeded");
  });

  it("the periodic health check records its result, and a provider that refuses every token marks the connection", async () => {
    const s = await connectedInstance();
    const env = { registry: connectorRegistry, resolver: connectionResolver(), network: settings.network, log: createLogger({ level: "silent" }) };
    const target = { id: s.connection.id, organizationId: s.organization.id, instanceId: s.instance.id, key: "github", connector: "github" };
    expect(await checkConnection(target, env)).toEqual({ ok: true, message: "GitHub accepted the credentials" });
    let [row] = await s.console.connections.list({ customerId: s.instance.customerId });
    expect(row).toMatchObject({ status: "active", healthCheckOk: true, healthCheckedAt: expect.any(Date) });

    provider.refusesAllTokens = true;
    const result = await checkConnection(target, env);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/401 Unauthorized/);
    [row] = await s.console.connections.list({ customerId: s.instance.customerId });
    expect(row).toMatchObject({ status: "broken", healthCheckOk: false });
    // Nothing secret in what the console shows.
    expect(JSON.stringify(row)).not.toMatch(/access_|refresh_/);
  });
});
