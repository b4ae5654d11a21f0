import { createStandardWebhooksVerifier, standardWebhooksConfigSchema } from "./standard-webhooks";

/**
 * Svix sends the Standard Webhooks scheme under svix-* names. Its SDK falls back to the
 * unbranded webhook-* names (Svix's white-label mode sends those), so this preset does too.
 */
export const svixConfigSchema = standardWebhooksConfigSchema;

export const svixVerifier = createStandardWebhooksVerifier({
  id: ["svix-id", "webhook-id"],
  timestamp: ["svix-timestamp", "webhook-timestamp"],
  signature: ["svix-signature", "webhook-signature"],
});
