import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { describePresetContract, jsonBodies, printableSecrets } from "./testing/preset-contract";
import { signShopifyPayload } from "./shopify";
import type { WebhookRequest } from "./verifier";

const request = (body: string, hmac: string): WebhookRequest => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: {
    "content-type": "application/json",
    "x-shopify-hmac-sha256": hmac,
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": "test-shop.myshopify.com",
    "x-shopify-api-version": "2025-07",
    "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  },
  rawBody: Buffer.from(body),
});

/** The SDK's own webhook validation, as an app built on @shopify/shopify-api runs it. */
async function shopifyValidates(secret: string, delivery: WebhookRequest): Promise<boolean> {
  const shopify = shopifyApi({
    apiKey: "oracle",
    apiSecretKey: secret,
    hostName: "hooks.example.com",
    apiVersion: ApiVersion.July25,
    isEmbeddedApp: false,
    logger: { level: 0, log: async () => {} },
  });
  const rawRequest = new Request(delivery.url, { method: "POST", headers: delivery.headers, body: new Uint8Array(delivery.rawBody) });
  const result = await shopify.webhooks.validate({ rawBody: delivery.rawBody.toString("utf8"), rawRequest });
  return result.valid;
}

describePresetContract<string>({
  preset: "shopify",
  keys: printableSecrets,
  configured: (secret) => secret,
  bodies: jsonBodies,
  providerSigns: (secret, body) => request(body, getHmac(body, secret)),
  weSign: (secret, body) => request(body, signShopifyPayload(secret, Buffer.from(body))),
  providerAccepts: shopifyValidates,
  requiredHeaders: ["X-Shopify-Hmac-Sha256"],
  malformed: { "X-Shopify-Hmac-Sha256": ["", "%%%", Buffer.alloc(20).toString("base64"), "a".repeat(64)] },
});
