import Stripe from "stripe";
import { jsonBodies, describePresetContract, printableSecrets } from "./testing/preset-contract";
import { signStripePayload } from "./stripe";

const stripe = new Stripe("sk_test_oracle");

const request = (body: string, signature: string) => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature },
  rawBody: Buffer.from(body),
});

describePresetContract<string>({
  preset: "stripe",
  keys: printableSecrets.map((text) => `whsec_${text}`),
  configured: (secret) => secret,
  bodies: jsonBodies,
  tolerance: 300,
  providerSigns: (secret, body, signedAt) =>
    request(body, stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: signedAt.getTime() / 1000 })),
  weSign: (secret, body, signedAt) => request(body, signStripePayload(secret, Buffer.from(body), signedAt.getTime() / 1000)),
  providerAccepts: (secret, delivery, now) => {
    // Throws StripeSignatureVerificationError when it disagrees; receivedAt is the injectable clock.
    stripe.webhooks.constructEvent(delivery.rawBody, delivery.headers["stripe-signature"], secret, 300, undefined, now.getTime());
    return true;
  },
  requiredHeaders: ["Stripe-Signature"],
  malformed: {
    "Stripe-Signature": ["", `v1=${"a".repeat(64)}`, "t=1700000000", `t=abc,v1=${"a".repeat(64)}`, "t=1700000000,v1=xyz", `t=1700000000,v0=${"a".repeat(64)}`],
  },
});
