import { describe, expect, it } from "vitest";
import { instanceOperations } from "@/server/api/operations/instances";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { apiKeyFor, callRoute, manualManifest } from "./testing/call-route";

const {
  events: listEvents,
  pause: pauseInstance,
  resume: resumeInstance,
  remove: removeInstance,
  get: getInstance,
  reconfigure,
  list: listInstances,
  create: createInstance,
} = instanceOperations;

async function publishedIntegration(organizationId: string) {
  const pushed = await pushManifest(organizationId, manualManifest(uniqueKey("inst")));
  await publishVersion(organizationId, pushed.version.id);
  return pushed.integration;
}

describe("REST /api/v1/instances", () => {
  it("deploys an instance for a new customer with checked config values, never answering secrets", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const integration = await publishedIntegration(organization.id);

    const missing = await callRoute(createInstance, "/api/v1/instances", {
      key,
      body: { integrationKey: integration.key, customerExternalId: "cust-1", config: {} },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: "BAD_REQUEST", field: "greeting", message: "greeting is required" });

    const body = {
      integrationKey: integration.key,
      customerExternalId: "cust-1",
      customerName: "Customer One",
      config: { greeting: "Hi", token: "s3cr3t-value" },
    };
    const created = await callRoute(createInstance, "/api/v1/instances", { key, body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: "active",
      config: { greeting: "Hi" },
      secretsSet: true,
      customer: { externalId: "cust-1", name: "Customer One" },
      version: 1,
    });
    expect(JSON.stringify(created.json)).not.toContain("s3cr3t-value");

    const twice = await callRoute(createInstance, "/api/v1/instances", { key, body });
    expect(twice.json.error).toMatchObject({ code: "CONFLICT" });
    const both = await callRoute(createInstance, "/api/v1/instances", { key, body: { ...body, integrationId: integration.id } });
    expect(both.json.error).toMatchObject({ code: "BAD_REQUEST", field: "integrationId" });

    // A customer created on first sight follows the external id rule, as one created directly does.
    const badCustomer = await callRoute(createInstance, "/api/v1/instances", { key, body: { ...body, customerExternalId: "cust 2/å" } });
    expect(badCustomer.status).toBe(400);
    expect(badCustomer.json.error).toMatchObject({
      code: "BAD_REQUEST",
      field: "customerExternalId",
      message: expect.stringContaining("is not a valid customer id"),
    });
  });

  it("reconfigures, pauses, resumes and removes an instance", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const integration = await publishedIntegration(organization.id);
    const created = await callRoute(createInstance, "/api/v1/instances", {
      key,
      body: { integrationId: integration.id, customerExternalId: uniqueKey("c"), config: { greeting: "Hi", token: "keep-me-1" } },
    });
    const id = created.json.id as string;
    const params = { id };

    const bad = await callRoute(reconfigure, `/api/v1/instances/${id}`, { key, params, body: { config: { greeting: 7 } } });
    expect(bad.json.error).toMatchObject({ code: "BAD_REQUEST", field: "greeting", message: "greeting must be text" });
    const changed = await callRoute(reconfigure, `/api/v1/instances/${id}`, { key, params, body: { config: { greeting: "Hello" } } });
    expect(changed.json).toMatchObject({ config: { greeting: "Hello" }, secretsSet: true });

    const paused = await callRoute(pauseInstance, `/api/v1/instances/${id}/pause`, { key, params, body: { buffer: true } });
    expect(paused.json).toMatchObject({ status: "paused", bufferWhilePaused: true });
    const resumed = await callRoute(resumeInstance, `/api/v1/instances/${id}/resume`, { key, params });
    expect(resumed.json).toMatchObject({ instance: { status: "active" }, releasedEvents: 0 });
    const resumedAgain = await callRoute(pauseInstance, `/api/v1/instances/${id}/pause`, { key, params, body: {} });
    expect(resumedAgain.json.status).toBe("paused");

    const events = await callRoute(listEvents, `/api/v1/instances/${id}/events`, { key, params });
    expect(events.json).toEqual({ data: [], nextCursor: null });

    const removed = await callRoute(removeInstance, `/api/v1/instances/${id}`, { key, params });
    expect(removed.json).toEqual({ id, status: "removed" });
    expect((await callRoute(getInstance, `/api/v1/instances/${id}`, { key, params })).status).toBe(404);
  });

  it("filters instances by status, integration and customer, and hides them from other organizations", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = await apiKeyFor(organization.id);
    const first = await publishedIntegration(organization.id);
    const second = await publishedIntegration(organization.id);
    const deploy = (integrationId: string, customer: string) =>
      callRoute(createInstance, "/api/v1/instances", { key, body: { integrationId, customerExternalId: customer, config: { greeting: "x" } } });
    const a = await deploy(first.id, "alpha");
    await deploy(second.id, "alpha");
    await deploy(second.id, "beta");
    await callRoute(pauseInstance, "/x", { key, params: { id: a.json.id }, body: {} });

    const ofSecond = await callRoute(listInstances, "/api/v1/instances", { key, query: { integrationId: second.id } });
    expect(ofSecond.json.data.map((i: { customer: { externalId: string } }) => i.customer.externalId)).toEqual(["beta", "alpha"]);
    const paused = await callRoute(listInstances, "/api/v1/instances", { key, query: { status: "paused" } });
    expect(paused.json.data.map((i: { id: string }) => i.id)).toEqual([a.json.id]);
    const ofAlpha = await callRoute(listInstances, "/api/v1/instances", { key, query: { customerId: a.json.customer.id, limit: "1" } });
    expect(ofAlpha.json.data).toHaveLength(1);
    expect(ofAlpha.json.nextCursor).toEqual(expect.any(String));
    const wrongStatus = await callRoute(listInstances, "/api/v1/instances", { key, query: { status: "sleeping" } });
    expect(wrongStatus.json.error).toMatchObject({ code: "BAD_REQUEST", field: "status" });

    const other = await apiKeyFor((await createOrganizationWithMember()).organization.id);
    expect((await callRoute(listInstances, "/api/v1/instances", { key: other })).json.data).toEqual([]);
    expect((await callRoute(getInstance, "/x", { key: other, params: { id: a.json.id } })).status).toBe(404);
    expect((await callRoute(pauseInstance, "/x", { key: other, params: { id: a.json.id }, body: {} })).status).toBe(404);
    const foreignDeploy = await callRoute(createInstance, "/api/v1/instances", {
      key: other,
      body: { integrationId: first.id, customerExternalId: "x", config: {} },
    });
    expect(foreignDeploy.json.error).toMatchObject({ code: "NOT_FOUND", field: "integrationId" });
  });
});
