/**
 * Acceptance test of examples/github-zendesk/manifest.yaml against the sandbox providers. One local
 * HTTP server plays the whole app: the sandbox (API, token and consent-decision endpoints), the
 * OAuth start/callback routes and the webhook ingest `/api/hooks/<token>`, so the sandbox's
 * outgoing webhooks reach our ingest and the worker's actions reach the sandbox over real HTTP.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { resolveInstanceConnection } from "@/server/modules/connections/resolve-connection";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { removeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { reconfigureInstance } from "@/server/modules/instances/instance-config.service";
import { createInstance, instanceRunContext } from "@/server/modules/instances/instances.service";
import { pushManifest, publishVersion } from "@/server/modules/integrations/integrations.service";
import { ensureSandboxAccount, findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { commentOnIssue, createHook, editIssue, openIssue } from "@/server/sandbox/github/github.service";
import { findIssue, findRepo, listRepoHooks, upsertRepo } from "@/server/sandbox/github/github.repo";
import { countSandboxTokenRequests } from "@/server/sandbox/oauth/oauth.service";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { listMessages, upsertChannel } from "@/server/sandbox/slack/slack.repo";
import { updateTicket } from "@/server/sandbox/zendesk/zendesk.service";
import { findTicket, listTicketComments, listTickets, listTriggers, listWebhooks } from "@/server/sandbox/zendesk/zendesk.repo";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import {
  connectOverHttp as connectOn,
  quiesce,
  startSandboxApp,
  vendorOrganization as vendorOrganizationOn,
  type SandboxApp,
} from "@/server/testing/sandbox-app";
import type { RunningWorker } from "@/server/worker/start-worker";

const MANIFEST = readFileSync("examples/github-zendesk/manifest.yaml", "utf8");
const MARKER = "— synced by Switchyard";

let app: SandboxApp;
let origin: string;
let worker: RunningWorker;

beforeAll(async () => {
  app = await startSandboxApp();
  origin = app.origin;
  await seedSandbox();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [origin] }) });
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
});

/** An organization whose GitHub, Zendesk and Slack OAuth apps point at the sandbox. */
const vendorOrganization = (options: { tokenLifetimeSeconds?: number } = {}) => vendorOrganizationOn(app, ["github", "zendesk", "slack"], options);
const connectOverHttp = (scope: { organizationId: string; customerId: string }, connector: "github" | "zendesk" | "slack", accountId: number) =>
  connectOn(app, scope, connector, accountId);

async function executionsOf(instanceId: string, flowKey: string) {
  return db().execution.findMany({
    where: { instanceId, flowKey },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, output: true, error: true },
  });
}

describe("GitHub ↔ Zendesk on the sandbox", () => {
  it("connects, deploys, syncs issues, comments and status both ways without echoes, and removes only its own hooks", async () => {
    const suffix = randomBytes(3).toString("hex");
    const { github: demo } = await seedSandbox();
    const repo = await upsertRepo({ owner: `acme-${suffix}`, name: "webapp", accountId: demo.account.id });
    const repoName = `${repo.owner}/${repo.name}`;
    const workspace = `acme-${suffix}`;
    const integrationAgent = await ensureSandboxAccount("zendesk", {
      login: `bot-${suffix}@acme.test`,
      name: "Integration Bot",
      email: `bot-${suffix}@acme.test`,
      workspace,
      role: "agent",
    });
    const humanAgent = await ensureSandboxAccount("zendesk", {
      login: `alex-${suffix}@acme.test`,
      name: "Alex Agent",
      email: `alex-${suffix}@acme.test`,
      workspace,
      role: "agent",
    });
    const reporter = await ensureSandboxAccount("github", { login: `reporter-${suffix}`, name: "Rita Reporter", email: `rita-${suffix}@example.com` });
    // Someone else's webhook on the same repository, registered before the integration: it must survive removal.
    const foreign = await createHook(repo, demo.account.id, {
      url: "https://ci.example.com/hook",
      contentType: "json",
      secret: null,
      events: ["push"],
      active: true,
    });

    const organization = await vendorOrganization();
    const pushed = await pushManifest(organization.id, MANIFEST);
    await publishVersion(organization.id, pushed.version.id);

    // (1) The customer connects both accounts through the sandbox's consent pages.
    const customer = await upsertCustomer(organization.id, `customer-${suffix}`);
    const scope = { organizationId: organization.id, customerId: customer.id };
    const githubConnection = await connectOverHttp(scope, "github", demo.account.id);
    const zendeskConnection = await connectOverHttp(scope, "zendesk", integrationAgent.id);
    const connections = await db().connection.findMany({ where: { organizationId: organization.id, customerId: customer.id }, orderBy: { key: "asc" } });
    expect(connections.map((c) => [c.key, c.connector, c.status, c.accountLabel])).toEqual([
      ["github", "github", "active", demo.account.login],
      ["zendesk", "zendesk", "active", integrationAgent.email],
    ]);

    // (2) Headless activation: repository chosen, webhook secret generated, requester e-mail given.
    const instance = await createInstance(organization.id, {
      integrationId: pushed.integration.id,
      customerExternalId: customer.externalId,
      config: { repo: repoName, ticketEmail: `support-${suffix}@example.com` },
      connections: { github: githubConnection, zendesk: zendeskConnection },
    });
    const run = await instanceRunContext(organization.id, instance.id);
    expect(run.config.repo).toBe(repoName);
    const webhookSecret = run.config.webhookSecret as string;
    expect(webhookSecret).toMatch(/^\S{20,}$/);

    // (3) The deploy flow registered the repository webhook (with that secret), the Zendesk webhook and trigger.
    const active = await waitFor(async () => {
      const row = await db().instance.findUniqueOrThrow({ where: { id: instance.id } });
      return row.status !== "deploying" && row;
    }, "the deploy flow to settle");
    expect([active.status, active.statusReason]).toEqual(["active", null]);
    const state = instanceStateStore(instance.id);
    const hooks = await listRepoHooks(repo.id);
    const githubWebhookId = await state.get<number>("githubWebhookId");
    const ours = hooks.find((h) => h.id === githubWebhookId)!;
    expect(ours).toMatchObject({ secret: webhookSecret, contentType: "json", events: ["issues", "issue_comment"], active: true });
    expect(ours.url).toMatch(new RegExp(`^${origin}/api/hooks/`));
    const zendeskWebhooks = await listWebhooks(workspace);
    expect(zendeskWebhooks.map((w) => w.id)).toEqual([await state.get("zendeskWebhookId")]);
    expect(zendeskWebhooks[0].endpoint).toMatch(new RegExp(`^${origin}/api/hooks/`));
    expect(await state.get("zendeskSigningSecret")).toEqual(expect.any(String));
    const triggers = await listTriggers(workspace);
    expect(triggers.map((t) => t.id)).toEqual([await state.get("zendeskTriggerId")]);
    await quiesce(instance.id); // the repository hook's ping is filtered out

    // (4a) Issue opened → ticket with external id github:<n>, requested by ticketEmail.
    const issue = await openIssue(repo, reporter.id, { title: "Checkout button does nothing", body: "Clicking it has no effect." });
    await quiesce(instance.id);
    const { rows: tickets } = await listTickets(workspace, { externalId: `github:${issue.number}` }, { skip: 0, take: 10 });
    expect(tickets).toHaveLength(1);
    const ticket = tickets[0];
    expect(ticket).toMatchObject({ subject: "Checkout button does nothing", externalId: `github:${issue.number}` });
    expect((await findSandboxAccount(ticket.requesterId))?.email).toBe(`support-${suffix}@example.com`);

    // (4b) Issue comment → ticket comment (marked as the integration's own).
    const issueRow = (await findIssue(repo.id, issue.number))!;
    await commentOnIssue(repo, issueRow, reporter.id, "Reproduced on Firefox too.");
    await quiesce(instance.id);
    let ticketComments = await listTicketComments(ticket.id);
    expect(ticketComments.at(-1)!.body).toBe(`${reporter.login} commented on GitHub:\n\nReproduced on Firefox too.\n\n${MARKER}`);
    expect(ticketComments.at(-1)!.authorId).toBe(integrationAgent.id);

    // (5) Agent comment → comment on the GitHub issue.
    await updateTicket(workspace, (await findTicket(workspace, ticket.id))!, humanAgent, { comment: { body: "Thanks, a fix ships tomorrow.", public: true } });
    await quiesce(instance.id);
    const githubComments = await db().sandboxIssueComment.findMany({ where: { issueId: issueRow.id }, orderBy: { id: "asc" } });
    expect(githubComments.map((c) => c.body)).toEqual([
      "Reproduced on Firefox too.",
      `Alex Agent commented on Zendesk ticket #${ticket.id}:\n\nThanks, a fix ships tomorrow.\n\n${MARKER}`,
    ]);
    expect(await state.get(`github-comment:${githubComments[1].id}`)).toBe(true);

    // (4c) Issue closed → ticket solved.
    await editIssue(repo, issueRow, reporter.id, { state: "closed" });
    await quiesce(instance.id);
    expect((await findTicket(workspace, ticket.id))!.status).toBe("solved");

    // (6) No echo: exactly these comments on both sides, and every echo stopped at the check.
    ticketComments = await listTicketComments(ticket.id);
    expect(ticketComments.map((c) => c.body)).toEqual([
      expect.stringContaining(`GitHub issue #${issue.number} opened by ${reporter.login}`),
      expect.stringContaining("Reproduced on Firefox too."),
      "Thanks, a fix ships tomorrow.",
    ]);
    expect(await db().sandboxIssueComment.count({ where: { issueId: issueRow.id } })).toBe(2);
    const fromGithub = await executionsOf(instance.id, "fromGithub");
    const fromZendesk = await executionsOf(instance.id, "fromZendesk");
    expect([...fromGithub, ...fromZendesk].every((e) => e.status === "succeeded")).toBe(true);
    // GitHub: opened, the reporter's comment, the synced agent comment (echo), closed.
    expect(fromGithub).toHaveLength(4);
    // Zendesk: the synced GitHub comment (echo), the agent's reply.
    expect(fromZendesk).toHaveLength(2);
    const steps = await db().stepRun.findMany({
      where: { executionId: { in: [...fromGithub, ...fromZendesk].map((e) => e.id) }, stateName: "Echo" },
      select: { executionId: true },
    });
    expect(new Set(steps.map((s) => s.executionId)).size).toBe(2);

    // A change of settings runs the deploy flow again: a new repository webhook replaces the one
    // registered before, while the Zendesk webhook and trigger stay as they were.
    await reconfigureInstance(organization.id, instance.id, { repo: repoName, ticketEmail: `desk-${suffix}@example.com` });
    await quiesce(instance.id);
    expect((await db().instance.findUniqueOrThrow({ where: { id: instance.id } })).status).toBe("active");
    const rehooked = (await listRepoHooks(repo.id)).filter((h) => h.id !== foreign.id);
    expect(rehooked.map((h) => h.id)).toEqual([await state.get("githubWebhookId")]);
    expect(rehooked[0].id).not.toBe(githubWebhookId);
    expect((await listWebhooks(workspace)).map((w) => w.id)).toEqual(zendeskWebhooks.map((w) => w.id));
    expect((await listTriggers(workspace)).map((t) => t.id)).toEqual(triggers.map((t) => t.id));

    // Removal deletes this instance's hooks and trigger only.
    await removeInstance(organization.id, instance.id);
    await waitFor(async () => (await db().instance.count({ where: { id: instance.id } })) === 0, "the remove flow to delete the instance");
    expect((await listRepoHooks(repo.id)).map((h) => h.id)).toEqual([foreign.id]);
    expect(await listWebhooks(workspace)).toEqual([]);
    expect(await listTriggers(workspace)).toEqual([]);
    expect(await findRepo(repo.owner, repo.name)).not.toBeNull();
  });

  it("github-slack: a new issue is posted to the chosen Slack channel; a new repository moves the webhook; removal deletes only its own", async () => {
    const suffix = randomBytes(3).toString("hex");
    const { github: demo, slack } = await seedSandbox();
    const repo = await upsertRepo({ owner: `acme-${suffix}`, name: "api", accountId: demo.account.id });
    const channel = await upsertChannel({ id: `C0${suffix.toUpperCase()}`, workspace: SANDBOX_DEMO.slack.team, name: `issues-${suffix}` });
    const foreign = await createHook(repo, demo.account.id, {
      url: "https://ci.example.com/hook",
      contentType: "json",
      secret: null,
      events: ["push"],
      active: true,
    });
    const organization = await vendorOrganization();
    const pushed = await pushManifest(organization.id, readFileSync("examples/github-slack/manifest.yaml", "utf8"));
    await publishVersion(organization.id, pushed.version.id);
    const customer = await upsertCustomer(organization.id, `customer-${suffix}`);
    const scope = { organizationId: organization.id, customerId: customer.id };
    const connections = { github: await connectOverHttp(scope, "github", demo.account.id), slack: await connectOverHttp(scope, "slack", slack.user.id) };
    const instance = await createInstance(organization.id, {
      integrationId: pushed.integration.id,
      customerExternalId: customer.externalId,
      config: { repo: `${repo.owner}/${repo.name}`, channel: channel.id },
      connections,
    });
    const active = await waitFor(async () => {
      const row = await db().instance.findUniqueOrThrow({ where: { id: instance.id } });
      return row.status !== "deploying" && row;
    }, "the deploy flow to settle");
    expect([active.status, active.statusReason]).toEqual(["active", null]);
    expect(await listRepoHooks(repo.id)).toHaveLength(2);

    const issue = await openIssue(repo, demo.account.id, { title: "Rate limiter drops requests" });
    await quiesce(instance.id);
    const messages = await listMessages(channel.id, { take: 10 });
    expect(messages.map((m) => m.text)).toEqual([
      `New issue in ${repo.owner}/${repo.name}: #${issue.number} Rate limiter drops requests by ${demo.account.login}\n${issue.html_url}`,
    ]);

    // A change of settings moves the webhook: the deploy flow runs again, deletes the hook on the
    // repository chosen before and registers one on the repository chosen now.
    const moved = await upsertRepo({ owner: `acme-${suffix}`, name: "web", accountId: demo.account.id });
    await reconfigureInstance(organization.id, instance.id, { repo: `${moved.owner}/${moved.name}`, channel: channel.id });
    await quiesce(instance.id);
    expect((await db().instance.findUniqueOrThrow({ where: { id: instance.id } })).status).toBe("active");
    expect((await listRepoHooks(repo.id)).map((h) => h.id)).toEqual([foreign.id]);
    expect(await listRepoHooks(moved.id)).toHaveLength(1);

    // An instance deployed by a version that kept only the hook's id: its hook is found on the
    // configured repository and replaced there too.
    await instanceStateStore(instance.id).delete("githubWebhookRepo");
    const before = (await listRepoHooks(moved.id)).map((h) => h.id);
    await reconfigureInstance(organization.id, instance.id, { repo: `${moved.owner}/${moved.name}`, channel: channel.id });
    await quiesce(instance.id);
    const after = await listRepoHooks(moved.id);
    expect(after).toHaveLength(1);
    expect(after[0].id).not.toBe(before[0]);

    await removeInstance(organization.id, instance.id);
    await waitFor(async () => (await db().instance.count({ where: { id: instance.id } })) === 0, "the remove flow to delete the instance");
    expect((await listRepoHooks(repo.id)).map((h) => h.id)).toEqual([foreign.id]);
    expect(await listRepoHooks(moved.id)).toEqual([]);
  });

  it("refreshes a 2-second token once for 20 concurrent resolutions after it expired", async () => {
    const organization = await vendorOrganization({ tokenLifetimeSeconds: 2 });
    const suffix = randomBytes(3).toString("hex");
    const { github: demo } = await seedSandbox();
    const pushed = await pushManifest(
      organization.id,
      `key: refresh-${suffix}
name: Refresh
connections: { github: { connector: github } }
flows:
  - key: read
    trigger: { type: manual }
    StartAt: Read
    States:
      Read: { Type: Action, Action: github.getIssue, Connection: github, Parameters: { repo: acme/webapp, number: 1 }, End: true }
`,
    );
    await publishVersion(organization.id, pushed.version.id);
    const customer = await upsertCustomer(organization.id, `customer-${suffix}`);
    const connectionId = await connectOverHttp({ organizationId: organization.id, customerId: customer.id }, "github", demo.account.id);
    const instance = await createInstance(organization.id, {
      integrationId: pushed.integration.id,
      customerExternalId: customer.externalId,
      config: {},
      connections: { github: connectionId },
    });
    const issued = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(issued.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(2_000);
    await waitFor(async () => Date.now() > issued.expiresAt!.getTime() + 100, "the access token to expire", 5_000);
    const clientId = organization.clientIds.github;
    expect(await countSandboxTokenRequests({ clientId, grantType: "refresh_token" })).toBe(0);

    const resolved = await Promise.all(Array.from({ length: 20 }, () => resolveInstanceConnection(organization.id, instance.id, "github")));
    expect(await countSandboxTokenRequests({ clientId, grantType: "refresh_token" })).toBe(1);
    const tokens = new Set(resolved.map((r) => (r.auth as { accessToken?: string }).accessToken));
    expect(tokens.size).toBe(1);
    // The refreshed token works against the sandbox API.
    const me = await fetch(`${origin}/sandbox/github/api/user`, { headers: { authorization: `Bearer ${[...tokens][0]}` } });
    expect(me.status).toBe(200);
  });
});
