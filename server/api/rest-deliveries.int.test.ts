/**
 * What support reads when a webhook "did nothing", through the headless API: an instance's
 * deliveries that started nothing, and the delivery behind an execution — secrets redacted,
 * each organization's own only.
 */
import { describe, expect, it } from "vitest";
import { executionOperations } from "@/server/api/operations/executions";
import { instanceOperations } from "@/server/api/operations/instances";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, githubIssuesManifest, postHook, uniqueKey } from "@/server/testing/hooks";
import { apiKeyFor, callRoute } from "./testing/call-route";

const { event: getExecutionEvent, start: startExecution } = executionOperations;
const { rejectedDeliveries: listRejectedDeliveries } = instanceOperations;

const SECRET = "rest-deliveries-secret-0123456789";

async function setUp() {
  const { organization } = await createOrganizationWithMember();
  const key = await apiKeyFor(organization.id);
  const { instance } = await deployIntegration({
    organizationId: organization.id,
    manifest: githubIssuesManifest(uniqueKey("rest-deliveries")),
    config: { webhookSecret: SECRET },
  });
  const url = (await endpointUrls(organization.id, instance.id)).get("issues")!;
  return { organization, key, instance, url };
}

describe("REST deliveries that started nothing, and an execution's raw event", () => {
  it("lists an instance's rejected and filtered deliveries page by page, by verdict and endpoint, with signatures redacted", async () => {
    const { organization, key, instance, url } = await setUp();
    const forged = githubDelivery("not-the-secret", { action: "opened", n: 1 });
    expect((await postHook(url, { body: forged.body, headers: forged.headers })).status).toBe(401);
    const ping = githubDelivery(SECRET, { zen: "Keep it logically awesome." }, { event: "ping" });
    expect((await postHook(url, { body: ping.body, headers: ping.headers })).status).toBe(200);
    const opened = githubDelivery(SECRET, { action: "opened", issue: { title: "Printer on fire" } });
    expect((await postHook(url, { body: opened.body, headers: opened.headers })).status).toBe(202);
    await dropQueuedRuns(organization.id);

    const path = `/api/v1/instances/${instance.id}/rejected-deliveries`;
    const params = { id: instance.id };
    const first = await callRoute(listRejectedDeliveries, path, { key, params, query: { limit: "1" } });
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(1);
    const second = await callRoute(listRejectedDeliveries, path, { key, params, query: { limit: "1", cursor: first.json.nextCursor } });
    expect(second.json.nextCursor).toBeNull();
    const all = [...first.json.data, ...second.json.data];
    expect(all.map((d: { verdict: string }) => d.verdict).sort()).toEqual(["filtered", "rejected"]);

    const rejected = await callRoute(listRejectedDeliveries, path, { key, params, query: { verdict: "rejected" } });
    expect(rejected.json.data).toEqual([
      expect.objectContaining({
        verdict: "rejected",
        flowKey: "issues",
        method: "POST",
        reason: expect.stringContaining("signature"),
        body: forged.body.toString(),
      }),
    ]);
    expect(rejected.json.data[0].headers["x-hub-signature-256"]).toBe("[redacted]");
    expect(JSON.stringify(rejected.json)).not.toContain(forged.headers["x-hub-signature-256"]);

    const endpointId = rejected.json.data[0].endpointId as string;
    expect((await callRoute(listRejectedDeliveries, path, { key, params, query: { endpointId } })).json.data).toHaveLength(2);
    const otherEndpoint = await callRoute(listRejectedDeliveries, path, { key, params, query: { endpointId: instance.id } });
    expect(otherEndpoint.status).toBe(404);
    expect(otherEndpoint.json.error).toMatchObject({ code: "NOT_FOUND", field: "endpointId" });
    const badVerdict = await callRoute(listRejectedDeliveries, path, { key, params, query: { verdict: "accepted" } });
    expect(badVerdict.status).toBe(400);
    expect(badVerdict.json.error).toMatchObject({ code: "BAD_REQUEST", field: "verdict" });

    const stranger = await apiKeyFor((await createOrganizationWithMember()).organization.id);
    const hidden = await callRoute(listRejectedDeliveries, path, { key: stranger, params });
    expect(hidden.status).toBe(404);
    expect(hidden.json.error).toMatchObject({ code: "NOT_FOUND", field: "instanceId" });
  });

  it("answers the delivery that started an execution, null for one started by hand, and 404 for another organization's", async () => {
    const { organization, key, instance, url } = await setUp();
    const opened = githubDelivery(SECRET, { action: "opened", issue: { title: "Login button does nothing" } });
    const accepted = await postHook(url, { body: opened.body, headers: opened.headers });
    expect(accepted.status).toBe(202);
    const { executionId } = (await accepted.json()) as { executionId: string };
    await dropQueuedRuns(organization.id);

    const event = await callRoute(getExecutionEvent, `/api/v1/executions/${executionId}/event`, { key, params: { id: executionId } });
    expect(event.status).toBe(200);
    expect(event.json.event).toMatchObject({
      verdict: "accepted",
      source: "github",
      method: "POST",
      dedupeKey: opened.deliveryId,
      body: opened.body.toString(),
      bodyTruncated: false,
    });
    expect(event.json.event.headers["x-hub-signature-256"]).toBe("[redacted]");

    const manual = (await callRoute(startExecution, "/api/v1/executions", { key, body: { instanceId: instance.id, flowKey: "issues", input: {} } })).json as {
      id: string;
    };
    const none = await callRoute(getExecutionEvent, `/api/v1/executions/${manual.id}/event`, { key, params: { id: manual.id } });
    expect(none.json).toEqual({ event: null });

    const stranger = await apiKeyFor((await createOrganizationWithMember()).organization.id);
    const hidden = await callRoute(getExecutionEvent, `/api/v1/executions/${executionId}/event`, { key: stranger, params: { id: executionId } });
    expect(hidden.status).toBe(404);
  });
});
