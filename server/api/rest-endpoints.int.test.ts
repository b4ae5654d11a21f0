/**
 * `GET /api/v1/instances/{id}/endpoints`: the URLs a vendor's backend configures at a provider by
 * hand, and whether deliveries to each pass verification — unverified until the first one does,
 * verified from then on, unverified again after the token is rotated.
 */
import { describe, expect, it } from "vitest";
import { instanceOperations } from "@/server/api/operations/instances";
import { runtimeConfig } from "@/server/env";
import { rotateEndpointToken } from "@/server/modules/endpoints/endpoints.service";
import { consoleInstanceOverview } from "@/server/modules/embed/console-acting";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, githubIssuesManifest, postHook, uniqueKey } from "@/server/testing/hooks";
import { signSlackRequest } from "@/server/verify/slack";
import { apiKeyFor, callRoute } from "./testing/call-route";

const { endpoints: listEndpoints } = instanceOperations;

const SECRET = "rest-endpoints-secret-0123456789";

async function setUp(manifest = githubIssuesManifest(uniqueKey("rest-endpoints")), config: Record<string, unknown> = { webhookSecret: SECRET }) {
  const { organization } = await createOrganizationWithMember();
  const key = await apiKeyFor(organization.id);
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest, config });
  return { organizationId: organization.id, key, instance, urls: await endpointUrls(organization.id, instance.id) };
}

const endpointsOf = async (key: string, instanceId: string) => {
  const answer = await callRoute(listEndpoints, `/api/v1/instances/${instanceId}/endpoints`, { key, params: { id: instanceId } });
  expect(answer.status).toBe(200);
  return answer.json.data as Array<Record<string, unknown>>;
};

describe("REST: an instance's webhook endpoints and their verification status", () => {
  it("starts unverified, records the last rejection with its reason, turns verified with the first delivery that passes, and unverified again on rotation", async () => {
    const { organizationId, key, instance, urls } = await setUp();
    const url = urls.get("issues")!;
    const [initial] = await endpointsOf(key, instance.id);
    expect(initial).toMatchObject({
      flowKey: "issues",
      status: "unverified",
      verifiedAt: null,
      lastAcceptedAt: null,
      lastRejectedAt: null,
      lastRejectionReason: null,
    });
    expect(initial.url).toBe(`${runtimeConfig().publicUrl}/api/hooks/${url.split("/").at(-1)}`);

    const forged = githubDelivery("not-the-secret", { action: "opened" });
    expect((await postHook(url, { body: forged.body, headers: forged.headers })).status).toBe(401);
    const [refused] = await endpointsOf(key, instance.id);
    expect(refused).toMatchObject({
      status: "unverified",
      lastAcceptedAt: null,
      lastRejectedAt: expect.any(String),
      lastRejectionReason: expect.stringContaining("signature does not match"),
    });

    const genuine = githubDelivery(SECRET, { action: "opened" });
    expect((await postHook(url, { body: genuine.body, headers: genuine.headers })).status).toBe(202);
    const [verified] = await endpointsOf(key, instance.id);
    expect(verified).toMatchObject({
      status: "verified",
      verifiedAt: expect.any(String),
      lastAcceptedAt: expect.any(String),
      lastRejectionReason: expect.stringContaining("signature"),
    });
    expect(Date.parse(verified.lastAcceptedAt as string)).toBeGreaterThanOrEqual(Date.parse(verified.lastRejectedAt as string));

    // A second verified delivery keeps the first moment of verification.
    const another = githubDelivery(SECRET, { action: "closed" });
    await postHook(url, { body: another.body, headers: another.headers });
    const [still] = await endpointsOf(key, instance.id);
    expect(still.verifiedAt).toBe(verified.verifiedAt);

    // The console shows the same, the token hidden from members who may not hand the URL out.
    const console = await consoleInstanceOverview(organizationId, instance.id, { revealTokens: false });
    expect(console.endpoints).toEqual([
      expect.objectContaining({
        flowKey: "issues",
        flowName: "issues",
        status: "verified",
        urlHidden: true,
        url: expect.stringMatching(/\/api\/hooks\/•{8}.{4}$/),
        lastRejectionReason: expect.stringContaining("signature"),
      }),
    ]);

    const rotated = await rotateEndpointToken(organizationId, verified.id as string, runtimeConfig().publicUrl);
    const [fresh] = await endpointsOf(key, instance.id);
    expect(fresh).toMatchObject({ url: rotated.url, status: "unverified", verifiedAt: null, rotatedAt: expect.any(String) });
    await dropQueuedRuns(organizationId);
  });

  it("counts a completed handshake as verification", async () => {
    const manifest = `key: ${uniqueKey("slack")}
name: Slack events
flows:
  - key: events
    trigger: { type: webhook, verify: { preset: slack, secret: slack-signing-secret } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    const { key, instance, urls } = await setUp(manifest, {});
    const body = Buffer.from(JSON.stringify({ token: "t", challenge: "c-123", type: "url_verification" }));
    const timestamp = Math.floor(Date.now() / 1000);
    const handshake = await postHook(urls.get("events")!, {
      body,
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signSlackRequest("slack-signing-secret", body, timestamp),
      },
    });
    expect(await handshake.text()).toBe("c-123");
    const [endpoint] = await endpointsOf(key, instance.id);
    // Verified, though no delivery was recorded: the handshake starts nothing.
    expect(endpoint).toMatchObject({ status: "verified", verifiedAt: expect.any(String), lastAcceptedAt: null });
  });

  it("answers 404 for an instance of another organization", async () => {
    const { instance } = await setUp();
    const { organization: other } = await createOrganizationWithMember();
    const answer = await callRoute(listEndpoints, `/api/v1/instances/${instance.id}/endpoints`, {
      key: await apiKeyFor(other.id),
      params: { id: instance.id },
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});
