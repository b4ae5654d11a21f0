/**
 * A preset's default dedupe key turned off (`dedupe: false`) or replaced, and Twilio status
 * callbacks delivered by GET, through the real route handler on a real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, githubIssuesManifest, postHook, uniqueKey } from "@/server/testing/hooks";
import { signGithubPayload } from "@/server/verify/github";
import { signTwilioRequest } from "@/server/verify/twilio";

const SECRET = "gh-webhook-secret-0123456789";
const TWILIO_TOKEN = "0123456789abcdef0123456789abcdef";
let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
});

afterAll(() => dropQueuedRuns(organizationId));

const executionsOf = (instanceId: string) => db().execution.findMany({ where: { organizationId, instanceId }, orderBy: { createdAt: "asc" } });
const eventsOf = (instanceId: string) => db().event.findMany({ where: { organizationId, instanceId }, orderBy: { receivedAt: "asc" } });

/** The GitHub flow of githubIssuesManifest with its own `dedupe` line. */
async function githubInstanceWithDedupe(dedupe: string) {
  const manifest = githubIssuesManifest(uniqueKey("gh"), "GitHub issues", { match: null }).replace(
    "      verify: { preset: github, secret: { config: webhookSecret } }\n",
    `      verify: { preset: github, secret: { config: webhookSecret } }\n      dedupe: ${dedupe}\n`,
  );
  const { instance } = await deployIntegration({ organizationId, manifest, config: { webhookSecret: SECRET } });
  return { instance, url: (await endpointUrls(organizationId, instance.id)).get("issues")! };
}

describe("dedupe settings", () => {
  it("with dedupe: false, the same X-GitHub-Delivery twice starts the flow twice and claims no key", async () => {
    const { instance, url } = await githubInstanceWithDedupe("false");
    const delivery = githubDelivery(SECRET, { action: "opened", issue: { number: 1 } });
    expect((await postHook(url, { body: delivery.body, headers: delivery.headers })).status).toBe(202);
    expect((await postHook(url, { body: delivery.body, headers: delivery.headers })).status).toBe(202);
    expect(await executionsOf(instance.id)).toHaveLength(2);
    expect((await eventsOf(instance.id)).map((e) => [e.verdict, e.dedupeKey])).toEqual([
      ["accepted", null],
      ["accepted", null],
    ]);
  });

  it("with its own key, deliveries dedupe on that instead of the preset's delivery id", async () => {
    const { instance, url } = await githubInstanceWithDedupe("{ path: $.body.issue.number }");
    const first = githubDelivery(SECRET, { action: "opened", issue: { number: 41 } });
    // A new delivery id for the same issue: a repeat by the trigger's key.
    const sameIssue = githubDelivery(SECRET, { action: "edited", issue: { number: 41 } });
    const otherIssue = githubDelivery(SECRET, { action: "opened", issue: { number: 42 } });
    expect((await postHook(url, { body: first.body, headers: first.headers })).status).toBe(202);
    const repeat = await postHook(url, { body: sameIssue.body, headers: sameIssue.headers });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ status: "duplicate" });
    expect((await postHook(url, { body: otherIssue.body, headers: otherIssue.headers })).status).toBe(202);
    expect((await eventsOf(instance.id)).map((e) => [e.verdict, e.dedupeKey])).toEqual([
      ["accepted", "41"],
      ["duplicate", "41"],
      ["accepted", "42"],
    ]);
  });
});

describe("Twilio status callbacks by GET", () => {
  async function twilioInstance() {
    const manifest = `key: ${uniqueKey("twilio")}
name: Twilio status
flows:
  - key: status
    trigger: { type: webhook, verify: { preset: twilio, secret: ${TWILIO_TOKEN} } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    const { instance } = await deployIntegration({ organizationId, manifest });
    return { instance, url: (await endpointUrls(organizationId, instance.id)).get("status")! };
  }

  it("accepts a signed GET, hands its parameters to the flow as the body, and dedupes on I-Twilio-Idempotency-Token", async () => {
    const { instance, url } = await twilioInstance();
    const callback = `${url}?MessageSid=SM0123&MessageStatus=delivered&To=%2B15551234567`;
    const headers = {
      "x-twilio-signature": signTwilioRequest(TWILIO_TOKEN, callback, undefined, Buffer.alloc(0), "GET"),
      "i-twilio-idempotency-token": "idem-1",
    };
    const response = await postHook(callback, { method: "GET", headers });
    expect(response.status).toBe(202);
    const [execution] = await executionsOf(instance.id);
    expect(execution.input).toMatchObject({
      method: "GET",
      body: { MessageSid: "SM0123", MessageStatus: "delivered", To: "+15551234567" },
      query: { MessageStatus: "delivered" },
    });
    expect((execution.input as { headers: Record<string, string> }).headers["x-twilio-signature"]).toBe("[redacted]");

    const again = await postHook(callback, { method: "GET", headers });
    expect(await again.json()).toMatchObject({ status: "duplicate" });

    const forged = await postHook(callback.replace("delivered", "failed"), { method: "GET", headers: { ...headers, "i-twilio-idempotency-token": "idem-2" } });
    expect(forged.status).toBe(401);
    expect((await eventsOf(instance.id)).map((e) => [e.method, e.verdict])).toEqual([
      ["GET", "accepted"],
      ["GET", "duplicate"],
      ["GET", "rejected"],
    ]);
  });

  it("still refuses a verified GET for presets whose provider only posts", async () => {
    const { url } = await githubInstanceWithDedupe("false");
    // Signed over zero bytes, so verification passes and the method decides.
    const headers = { "x-github-event": "issues", "x-github-delivery": "d-1", "x-hub-signature-256": signGithubPayload(SECRET, Buffer.alloc(0)) };
    const response = await postHook(url, { method: "GET", headers });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining("must be POSTed") } });
  });
});
