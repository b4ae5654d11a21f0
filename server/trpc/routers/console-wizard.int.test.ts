/**
 * The console deploying for a customer through the wizard's procedures, the instance page's
 * reads (overview, rejected deliveries, an execution's raw event), and who may do what:
 * owners and admins deploy, start and pause; support reads and replays only.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { publishListedIntegration } from "@/server/modules/embed/embed-fixtures";
import { addMember, callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, postHook, uniqueKey } from "@/server/testing/hooks";

const SECRET = "console-webhook-secret-0123456789";

const manifest = (key: string) => `key: ${key}
name: Issues to CRM ${key}
connections: { crm: { connector: acme, required: false } }
config:
  pages:
    - title: Settings
      fields:
        - { key: project, type: string, required: true, validation: { min: 3 } }
        - { key: webhookSecret, type: secret, required: true }
flows:
  - key: issues
    trigger:
      type: webhook
      verify: { preset: github, secret: { config: webhookSecret } }
      match: { "$.body.action": opened }
    StartAt: Done
    States:
      Done: { Type: Succeed }
  - key: hello
    trigger: { type: manual }
    StartAt: Done
    States:
      Done: { Type: Succeed }
`;

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

let world: Awaited<ReturnType<typeof createWorld>>;

async function createWorld() {
  const { organization, user } = await createOrganizationWithMember();
  const owner = callerAs({ userId: user.id });
  const support = callerAs({ userId: (await addMember(organization.id, "support")).id });
  const admin = callerAs({ userId: (await addMember(organization.id, "admin")).id });
  const integrationKey = uniqueKey("console-deploy");
  // Unlisted: the console deploys integrations the marketplace does not show.
  await publishListedIntegration(organization.id, manifest(integrationKey), { listed: false });
  const customer = await owner.customers.create({ externalId: uniqueKey("initech"), name: "Initech" });
  return { organization, owner, admin, support, integrationKey, customer };
}

beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => dropQueuedRuns(world.organization.id));

describe("deploying for a customer from the console", () => {
  let instanceId: string;

  it("runs the marketplace wizard for the customer: validates pages, links the customer's connection, keeps secrets out, deploys", async () => {
    const { owner, customer, integrationKey } = world;
    const activated = await owner.wizard.activate({ customerId: customer.id, integrationKey });
    expect(activated).toMatchObject({ status: "configuring", inWizard: true });
    instanceId = activated.instanceId;
    const state = await owner.wizard.state({ instanceId });
    expect(state.pages.map((p) => p.title)).toEqual(["Connections", "Settings"]);

    // The customer's connection (as the OAuth callback stores it) is linked; another customer's is not theirs.
    const connection = await db().connection.create({
      data: {
        organizationId: world.organization.id,
        customerId: customer.id,
        key: "crm",
        connector: "acme",
        authKind: "apiKey",
        accountLabel: "initech@acme.test",
        credentialsEncrypted: sealJson({ kind: "apiKey", key: "k" }),
      },
    });
    const stranger = await owner.customers.create({ externalId: uniqueKey("stranger") });
    const foreign = await db().connection.create({
      data: {
        organizationId: world.organization.id,
        customerId: stranger.id,
        key: "crm",
        connector: "acme",
        authKind: "apiKey",
        credentialsEncrypted: sealJson({ kind: "apiKey", key: "x" }),
      },
    });
    expect(await codeOf(owner.wizard.linkConnection({ instanceId, connectionKey: "crm", connectionId: foreign.id }))).toBe("NOT_FOUND");
    expect(await owner.wizard.linkConnection({ instanceId, connectionKey: "crm", connectionId: connection.id })).toMatchObject({
      connection: { accountLabel: "initech@acme.test", status: "active" },
    });

    expect(await owner.wizard.savePage({ instanceId, page: 0, values: {}, validate: true })).toEqual({ page: 1, problems: [] });
    const invalid = await owner.wizard.savePage({ instanceId, page: 1, values: { project: "ab" }, validate: true });
    expect(invalid.problems).toEqual([
      { field: "project", message: "must be at least 3 characters" },
      { field: "webhookSecret", message: "is required" },
    ]);
    expect((await owner.wizard.savePage({ instanceId, page: 1, values: { project: "alpha", webhookSecret: SECRET }, validate: true })).page).toBe(2);
    expect(JSON.stringify(await owner.wizard.state({ instanceId }))).not.toContain(SECRET);

    expect(await owner.wizard.deploy({ instanceId, values: { project: "alpha" } })).toMatchObject({ status: "active", integrationKey });
    const overview = await world.support.instances.overview({ id: instanceId });
    expect(overview).toMatchObject({
      status: "active",
      customer: { id: customer.id, name: "Initech" },
      values: { project: "alpha" },
      secretsSet: ["webhookSecret"],
      flows: [expect.objectContaining({ key: "issues", trigger: "webhook" }), expect.objectContaining({ key: "hello", trigger: "manual" })],
      endpoints: [expect.objectContaining({ flowKey: "issues", url: expect.stringContaining("/api/hooks/"), urlHidden: true })],
    });
    expect(JSON.stringify(overview)).not.toContain(SECRET);
    // The endpoint's token lets anyone send deliveries: support sees its last four characters, owners the whole URL.
    const url = (await endpointUrls(world.organization.id, instanceId)).get("issues")!;
    const token = url.slice(url.lastIndexOf("/") + 1);
    expect(JSON.stringify(overview)).not.toContain(token);
    expect(overview.endpoints[0]!.url).toMatch(new RegExp(`/api/hooks/•{8}${token.slice(-4)}$`));
    expect((await world.owner.instances.overview({ id: instanceId })).endpoints).toEqual([
      expect.objectContaining({ url: expect.stringMatching(new RegExp(`/api/hooks/${token}$`)), urlHidden: false }),
    ]);

    // Activating again opens the live instance instead of a second wizard.
    expect(await world.admin.wizard.activate({ customerId: customer.id, integrationKey })).toEqual({ instanceId, status: "active", inWizard: false });
  });

  it("lists an endpoint's rejected deliveries with secrets redacted, page by page, and shows a run's raw event", async () => {
    const { owner, support, organization } = world;
    const url = (await endpointUrls(organization.id, instanceId)).get("issues")!;
    for (const n of [1, 2, 3]) {
      const forged = githubDelivery("not-the-secret", { action: "opened", n }, { deliveryId: `forged-${n}` });
      expect((await postHook(url, { body: forged.body, headers: { ...forged.headers, "x-api-key": "vendor-key-123" } })).status).toBe(401);
    }
    const closed = githubDelivery(SECRET, { action: "closed" });
    // Filtered by `match`: acknowledged (the provider did nothing wrong), recorded, nothing started.
    expect((await postHook(url, { body: closed.body, headers: closed.headers })).status).toBe(200);
    const opened = githubDelivery(SECRET, { action: "opened", issue: { title: "Printer on fire" } });
    const accepted = await postHook(url, { body: opened.body, headers: opened.headers });
    expect(accepted.status).toBe(202);

    const endpointId = (await support.instances.overview({ id: instanceId })).endpoints[0]!.id;
    const first = await support.instances.rejectedDeliveries({ instanceId, endpointId, limit: 2 });
    expect(first.data).toHaveLength(2);
    const second = await support.instances.rejectedDeliveries({ instanceId, endpointId, limit: 2, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const all = [...first.data, ...second.data];
    expect(new Set(all.map((d) => d.id)).size).toBe(4);
    expect(all.map((d) => d.verdict).sort()).toEqual(["filtered", "rejected", "rejected", "rejected"]);
    const rejected = all.find((d) => d.verdict === "rejected")!;
    expect(rejected.reason).toMatch(/signature/i);
    expect(rejected.headers).toMatchObject({ "x-github-event": "issues", "x-hub-signature-256": "[redacted]", "x-api-key": "[redacted]" });
    expect(rejected.body).toContain('"action":"opened"');
    expect(JSON.stringify([first, second])).not.toContain("vendor-key-123");
    expect((await support.instances.rejectedDeliveries({ instanceId, endpointId, verdict: "filtered", limit: 10 })).data).toHaveLength(1);

    const runs = await support.executions.list({ instanceId, flowKey: "issues", limit: 10 });
    expect(runs.data).toHaveLength(1);
    const event = await support.executions.event({ id: runs.data[0]!.id });
    expect(event).toMatchObject({
      method: "POST",
      verdict: "accepted",
      flowKey: "issues",
      headers: { "x-github-delivery": opened.deliveryId, "x-hub-signature-256": "[redacted]" },
    });
    expect(JSON.parse(event!.body!)).toEqual({ action: "opened", issue: { title: "Printer on fire" } });

    const manual = await owner.executions.start({ instanceId, flowKey: "hello", input: { from: "console" } });
    expect(await support.executions.event({ id: manual.id })).toBeNull();
  });

  it("lets support read and replay, but not deploy, start, pause or resume; other organizations see nothing", async () => {
    const { support, owner, customer, integrationKey, organization } = world;
    expect(await codeOf(support.wizard.activate({ customerId: customer.id, integrationKey }))).toBe("FORBIDDEN");
    expect(await codeOf(support.wizard.state({ instanceId }))).toBe("FORBIDDEN");
    expect(await codeOf(support.wizard.savePage({ instanceId, page: 0, values: {}, validate: false }))).toBe("FORBIDDEN");
    expect(await codeOf(support.wizard.deploy({ instanceId, values: {} }))).toBe("FORBIDDEN");
    expect(await codeOf(support.executions.start({ instanceId, flowKey: "hello" }))).toBe("FORBIDDEN");
    expect(await codeOf(support.instances.pause({ id: instanceId }))).toBe("FORBIDDEN");
    expect(await codeOf(support.instances.resume({ id: instanceId }))).toBe("FORBIDDEN");
    const run = (await support.executions.list({ instanceId, flowKey: "issues", limit: 1 })).data[0]!;
    expect((await support.executions.replay({ id: run.id, from: "start", version: "same" })).status).toBe("queued");

    const paused = await owner.instances.pause({ id: instanceId, buffer: true });
    expect(paused.status).toBe("paused");
    expect((await owner.instances.resume({ id: instanceId })).instance.status).toBe("active");

    const other = callerAs({ userId: (await createOrganizationWithMember()).user.id });
    expect(await codeOf(other.wizard.activate({ customerId: customer.id, integrationKey }))).toBe("NOT_FOUND");
    expect(await codeOf(other.wizard.state({ instanceId }))).toBe("NOT_FOUND");
    expect(await codeOf(other.instances.overview({ id: instanceId }))).toBe("NOT_FOUND");
    expect(await codeOf(other.instances.rejectedDeliveries({ instanceId, limit: 5 }))).toBe("NOT_FOUND");
    expect(await codeOf(other.executions.event({ id: run.id }))).toBe("NOT_FOUND");
    // An endpoint of another instance is not this instance's.
    const elsewhere = await createWorld();
    const { instanceId: otherInstance } = await elsewhere.owner.wizard.activate({
      customerId: elsewhere.customer.id,
      integrationKey: elsewhere.integrationKey,
    });
    const endpointId = (await support.instances.overview({ id: instanceId })).endpoints[0]!.id;
    expect(organization.id).not.toBe(elsewhere.organization.id);
    expect(await codeOf(elsewhere.owner.instances.rejectedDeliveries({ instanceId: otherInstance, endpointId, limit: 5 }))).toBe("NOT_FOUND");
  });
});
