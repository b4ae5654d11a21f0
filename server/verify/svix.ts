import { defineVerifyPreset } from "./preset";
import { createStandardWebhooksVerifier } from "./standard-webhooks";

/**
 * Svix sends the Standard Webhooks scheme under svix-* names. Its SDK falls back to the
 * unbranded webhook-* names (Svix's white-label mode sends those), so this preset does too.
 */
export const svixVerifier = createStandardWebhooksVerifier({
  id: ["svix-id", "webhook-id"],
  timestamp: ["svix-timestamp", "webhook-timestamp"],
  signature: ["svix-signature", "webhook-signature"],
});

/** `preset: svix` in a manifest: the scheme above; a redelivery is recognised by its svix-id header. */
export const svixPreset = defineVerifyPreset({
  name: "svix",
  timestamped: true,
  verifier: svixVerifier,
  dedupe: { header: "svix-id" },
});
