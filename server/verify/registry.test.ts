import { describe, expect, it } from "vitest";
import { defaultDedupe, presetDedupe, presetSecretHeaderNames, secretHeaderNames, VERIFY_PRESETS, verifyConfigSchema, verifyDelivery } from "./registry";

const ctx = { now: () => new Date(1_700_000_000_000) };
const delivery = { method: "POST", url: "https://hooks.example.com/api/hooks/tok", headers: {}, rawBody: Buffer.from("{}") };

describe("verify registry", () => {
  it("knows every preset the manifest may name", () => {
    expect(VERIFY_PRESETS.sort()).toEqual([
      "github",
      "pagerduty",
      "salesforce-outbound",
      "sendgrid",
      "shopify",
      "slack",
      "standard-webhooks",
      "stripe",
      "svix",
      "twilio",
      "zendesk",
    ]);
  });

  it.each(VERIFY_PRESETS)("fails closed for %s when no secret resolved", (preset) => {
    expect(verifyDelivery(delivery, { preset }, [], ctx)).toEqual({ ok: false, reason: "no secret configured" });
  });

  it("accepts the manifest's secret reference beside the options, and refuses unknown options", () => {
    expect(verifyConfigSchema.safeParse({ preset: "github", secret: { config: "webhookSecret" } }).success).toBe(true);
    expect(verifyConfigSchema.safeParse({ preset: "stripe", tolerence: 60 }).success).toBe(false);
    expect(verifyConfigSchema.safeParse({ preset: "gitlab" }).success).toBe(false);
    expect(verifyConfigSchema.safeParse({ preset: "stripe", tolerance: -1 }).success).toBe(false);
  });

  it("rejects, rather than skips, a delivery whose verify config is invalid", () => {
    const verdict = verifyDelivery(delivery, { preset: "gitlab" } as never, ["s"], ctx);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining("verify configuration is invalid") });
  });

  it("lists the headers to redact, including credentials whatever the scheme", () => {
    expect(secretHeaderNames({ preset: "github" })).toEqual(expect.arrayContaining(["x-hub-signature-256", "authorization", "cookie"]));
    expect(secretHeaderNames({ scheme: "header", header: "X-Gitlab-Token" })).toContain("x-gitlab-token");
    expect(secretHeaderNames({ scheme: "challenge", query: "hub.challenge", then: { preset: "shopify" } })).toContain("x-shopify-hmac-sha256");
    expect(presetSecretHeaderNames.stripe).toEqual(["stripe-signature"]);
    expect(presetSecretHeaderNames.svix).toEqual(["svix-signature", "webhook-signature"]);
  });

  it("gives each preset's delivery id location", () => {
    expect(presetDedupe).toMatchObject({
      github: { header: "x-github-delivery" },
      stripe: { path: "$.id" },
      slack: { path: "$.event_id" },
      twilio: { header: "i-twilio-idempotency-token" },
      zendesk: { header: "x-zendesk-webhook-invocation-id" },
      pagerduty: { header: "x-webhook-id" },
      shopify: { header: "x-shopify-webhook-id" },
      "standard-webhooks": { header: "webhook-id" },
      svix: { header: "svix-id" },
    });
    expect(defaultDedupe({ scheme: "basic", username: "u" })).toBeUndefined();
    expect(defaultDedupe({ scheme: "challenge", field: "$.challenge", signed: true, then: { preset: "slack" } })).toEqual({ path: "$.event_id" });
  });
});
