import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describePresetContract, printableSecrets } from "./testing/preset-contract";
import { signPagerdutyPayload } from "./pagerduty";
import { verifyDelivery } from "./registry";
import type { WebhookRequest } from "./verifier";

/**
 * PagerDuty ships no JS SDK that verifies webhooks; the oracle is the algorithm from
 * developer.pagerduty.com ("Verifying Signatures"): `v1=` + hex HMAC-SHA256 of the raw body.
 */
function pagerdutyDocsSignature(secret: string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const request = (body: string, signature: string): WebhookRequest => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: { "content-type": "application/json", "x-pagerduty-signature": signature, "x-webhook-id": "de6bb6a3" },
  rawBody: Buffer.from(body),
});

describePresetContract<string>({
  preset: "pagerduty",
  keys: printableSecrets,
  configured: (secret) => secret,
  providerSigns: (secret, body) => request(body, pagerdutyDocsSignature(secret, body)),
  weSign: (secret, body) => request(body, signPagerdutyPayload([secret], Buffer.from(body))),
  providerAccepts: (secret, delivery) =>
    delivery.headers["x-pagerduty-signature"].split(",").includes(pagerdutyDocsSignature(secret, delivery.rawBody.toString("utf8"))),
  requiredHeaders: ["X-PagerDuty-Signature"],
  malformed: { "X-PagerDuty-Signature": ["", `v2=${"a".repeat(64)}`, "v1=nothex", `v1=${"a".repeat(40)}`] },
});

describe("pagerduty signature lists", () => {
  it("accepts when any listed signature was made with any configured secret (rotation on either side)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(printableSecrets, { minLength: 2, maxLength: 4 }), fc.nat(), fc.string({ minLength: 1 }), (secrets, pick, body) => {
        const ours = secrets[pick % secrets.length];
        const theirs = secrets.filter((secret) => secret !== ours).concat(ours);
        const delivery = request(body, `${signPagerdutyPayload(theirs, Buffer.from(body))},v2=ignored`);
        expect(verifyDelivery(delivery, { preset: "pagerduty" }, ["stale-secret", ours], { now: () => new Date() })).toEqual({ ok: true });
      }),
      { numRuns: 50 },
    );
  });
});
