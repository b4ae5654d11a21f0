/**
 * The demo customer with its tools, as a vendor deploys it headless: the demo organization
 * (seedDemo: example integrations published, sandbox OAuth apps, the app's origin allowed), the
 * demo customer's GitHub, Zendesk and Slack accounts connected from tokens minted by the sandbox's
 * stand-ins for the providers' settings pages, and GitHub ↔ Zendesk and GitHub → Slack deployed
 * for it. Needs the app served on `runtimeConfig().publicUrl` (startAppServer) and a worker (the
 * deploy flows register webhooks).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { apiKeyFor } from "@/server/api/testing/call-route";
import { startAppServer, type AppServer } from "@/server/api/testing/app-server";
import { db } from "@/server/db/client";
import { runtimeConfig } from "@/server/env";
import { createLogger } from "@/server/logger";
import { credentialConnectSettings } from "@/server/modules/connections/oauth-settings";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { connectWithCredentials } from "@/server/modules/connections/credential-connect.service";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { DEMO_CUSTOMER, DEMO_EMBED_KID, seedDemo } from "@/server/modules/demo/seed-demo";
import { createInstance } from "@/server/modules/instances/instances.service";
import { findIntegrationByKey } from "@/server/modules/integrations/integrations.repo";
import { mintPersonalToken } from "@/server/sandbox/oauth/personal-tokens";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { useWebActionInvoker } from "@/server/runtime/web-runtime";
import type { RunningWorker } from "@/server/worker/start-worker";
import { createOrganizationWithMember } from "./factories";
import { startTestWorker, waitFor } from "./test-worker";

export async function deployDemoToolsCustomer(organizationId: string, options: { externalId?: string } = {}) {
  const origin = runtimeConfig().publicUrl;
  await seedDemo(organizationId);
  const externalId = options.externalId ?? DEMO_CUSTOMER.id;
  const customer = await upsertCustomer(organizationId, externalId, DEMO_CUSTOMER.name);
  const scope = { organizationId, customerId: customer.id };
  const settings = credentialConnectSettings();
  const tokens = {
    github: await mintPersonalToken("github"),
    githubForSlack: await mintPersonalToken("github"),
    zendesk: await mintPersonalToken("zendesk"),
    slack: await mintPersonalToken("slack"),
  };
  const connect = (connector: string, credentials: Record<string, unknown>, path: string) =>
    connectWithCredentials(scope, { connector, credentials, baseUrl: `${origin}${path}` }, settings);
  const connections = {
    github: await connect("github", { token: tokens.github.token }, "/sandbox/github/api"),
    githubForSlack: await connect("github", { token: tokens.githubForSlack.token }, "/sandbox/github/api"),
    zendesk: await connect(
      "zendesk",
      { subdomain: SANDBOX_DEMO.zendesk.subdomain, email: SANDBOX_DEMO.zendesk.agent, token: tokens.zendesk.token },
      "/sandbox/zendesk",
    ),
    slack: await connect("slack", { token: tokens.slack.token }, "/sandbox/slack/api"),
  };
  const deploy = async (key: string, config: Record<string, unknown>, links: Record<string, string>) => {
    const integration = await findIntegrationByKey(organizationId, key);
    return createInstance(organizationId, { integrationId: integration!.id, customerExternalId: externalId, config, connections: links });
  };
  const githubZendesk = await deploy(
    "github-zendesk",
    { repo: "acme/webapp", ticketEmail: SANDBOX_DEMO.zendesk.requester },
    { github: connections.github.id, zendesk: connections.zendesk.id },
  );
  const githubSlack = await deploy(
    "github-slack",
    { repo: "acme/api", channel: SANDBOX_DEMO.slack.channels[0].id },
    { github: connections.githubForSlack.id, slack: connections.slack.id },
  );
  for (const instance of [githubZendesk, githubSlack]) {
    await waitFor(
      async () => {
        const row = await db().instance.findFirst({ where: { id: instance.id } });
        if (row?.status === "failed") throw new Error(`deploying ${instance.id} failed: ${row.statusReason}`);
        return row?.status === "active";
      },
      `instance ${instance.id} active`,
      60_000,
    );
  }
  return { customer, externalId, tokens, connections, instances: { githubZendesk, githubSlack } };
}

/**
 * The app served on one origin (REST, MCP, ingest, sandbox), a worker, and actions run in this
 * process by the same invoker, with a new organization whose demo customer is deployed.
 */
export async function startToolsWorld() {
  const app: AppServer = await startAppServer();
  const invoker = createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [app.origin] });
  useWebActionInvoker(invoker);
  const worker: RunningWorker = await startTestWorker({ actionInvoker: invoker });
  const { organization, user } = await createOrganizationWithMember();
  const apiKey = await apiKeyFor(organization.id);
  const demo = await deployDemoToolsCustomer(organization.id);
  return {
    app,
    organizationId: organization.id,
    ownerId: user.id,
    apiKey,
    demo,
    /** The SDK's own MCP client on `/api/mcp`, sending these headers. */
    async mcpClient(headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, "x-switchyard-customer": demo.externalId }) {
      const client = new Client({ name: "test-agent", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${app.origin}/api/mcp`), { requestInit: { headers } }));
      return client;
    },
    async stop() {
      // Another test may look the demo key up by its kid alone (the demo vendor page does): leave only its own active.
      await db().embedKey.updateMany({ where: { organizationId: organization.id, kid: DEMO_EMBED_KID, revokedAt: null }, data: { revokedAt: new Date() } });
      useWebActionInvoker(undefined);
      await worker.stop();
      await settleSandboxDeliveries();
      await app.close();
    },
  };
}

export type ToolsWorld = Awaited<ReturnType<typeof startToolsWorld>>;
