import { createHmac } from "node:crypto";
import { verifySlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { describePresetContract, printableSecrets } from "./testing/preset-contract";
import { verifyDelivery } from "./registry";
import { signSlackRequest } from "./slack";

/** Slack's SDK only verifies; this is the v0 signature exactly as api.slack.com/authentication/verifying-requests-from-slack specifies. */
function slackDocsSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

const request = (body: string, timestamp: number, signature: string) => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: { "content-type": "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
  rawBody: Buffer.from(body),
});

describePresetContract<string>({
  preset: "slack",
  keys: printableSecrets,
  configured: (secret) => secret,
  tolerance: 300,
  providerSigns: (secret, body, signedAt) => {
    const timestamp = signedAt.getTime() / 1000;
    return request(body, timestamp, slackDocsSignature(secret, timestamp, body));
  },
  weSign: (secret, body, signedAt) => {
    const timestamp = signedAt.getTime() / 1000;
    return request(body, timestamp, signSlackRequest(secret, Buffer.from(body), timestamp));
  },
  providerAccepts: (secret, delivery, now) => {
    verifySlackRequest({
      signingSecret: secret,
      body: delivery.rawBody.toString("utf8"),
      headers: {
        "x-slack-signature": delivery.headers["x-slack-signature"],
        "x-slack-request-timestamp": Number(delivery.headers["x-slack-request-timestamp"]),
      },
      nowMilliseconds: now.getTime(),
    });
    return true;
  },
  requiredHeaders: ["X-Slack-Signature", "X-Slack-Request-Timestamp"],
  malformed: {
    "X-Slack-Signature": ["", `v1=${"a".repeat(64)}`, `v0=${"g".repeat(64)}`, "v0="],
    "X-Slack-Request-Timestamp": ["", "soon", "1700000000.5", "-1"],
  },
});

describe("slack url_verification", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const now = new Date(1_700_000_000_000);
  const body = JSON.stringify({ token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });

  it("answers the challenge once the signature verifies", () => {
    const delivery = request(body, 1_700_000_000, signSlackRequest(secret, Buffer.from(body), 1_700_000_000));
    expect(verifyDelivery(delivery, { preset: "slack" }, [secret], { now: () => now })).toEqual({
      ok: true,
      challenge: { status: 200, contentType: "text/plain; charset=utf-8", body: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" },
    });
  });

  it("never echoes a challenge whose signature does not verify", () => {
    const delivery = request(body, 1_700_000_000, signSlackRequest("another-secret", Buffer.from(body), 1_700_000_000));
    expect(verifyDelivery(delivery, { preset: "slack" }, [secret], { now: () => now })).toMatchObject({ ok: false });
  });

  it("treats an ordinary event as a delivery, not a challenge", () => {
    const event = JSON.stringify({ type: "event_callback", event_id: "Ev1", challenge: "not-a-handshake" });
    const delivery = request(event, 1_700_000_000, signSlackRequest(secret, Buffer.from(event), 1_700_000_000));
    expect(verifyDelivery(delivery, { preset: "slack" }, [secret], { now: () => now })).toEqual({ ok: true });
  });
});
