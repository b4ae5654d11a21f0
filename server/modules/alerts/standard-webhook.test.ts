import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "@/server/verify/registry";
import { generateWebhookSecret, signStandardWebhook, standardWebhookHeaders } from "./standard-webhook";

describe("alert webhooks signed the Standard Webhooks way", () => {
  it("verify with the reference library and with our own standard-webhooks verifier", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: "incident.opened", data: { id: "i-1", title: "Executions failing" } });
    const headers = standardWebhookHeaders(secret, "msg_0193", body);
    expect(headers["webhook-id"]).toBe("msg_0193");
    expect(headers["webhook-signature"]).toMatch(/^v1,/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));

    const verdict = verifyDelivery(
      { method: "POST", url: "https://vendor.example/hooks", headers, rawBody: Buffer.from(body) },
      { preset: "standard-webhooks" },
      [secret],
      { now: () => new Date() },
    );
    expect(verdict.ok).toBe(true);
  });

  it("a changed body, another secret or another id do not verify", () => {
    const secret = generateWebhookSecret();
    const body = '{"type":"incident.resolved"}';
    const headers = standardWebhookHeaders(secret, "msg_1", body);
    expect(() => new Webhook(secret).verify(body.replace("resolved", "opened"), headers)).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow();
  });

  it("signs id.timestamp.body with the key after whsec_ (the specification's own example)", () => {
    // From the Standard Webhooks specification's test vectors.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    expect(signStandardWebhook(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });
});
