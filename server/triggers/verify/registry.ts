import { z } from "zod";
import type { DedupeConfig } from "../dedupe";
import { basicConfigSchema, basicVerifier } from "./basic";
import { challengeConfigSchema, createChallengeVerifier } from "./challenge";
import { githubConfigSchema, githubVerifier } from "./github";
import { headerConfigSchema, headerVerifier } from "./header";
import { hmacConfigSchema, hmacVerifier } from "./hmac";
import { pagerdutyConfigSchema, pagerdutyVerifier } from "./pagerduty";
import { salesforceOutboundConfigSchema, salesforceOutboundVerifier } from "./salesforce-outbound";
import { sendgridConfigSchema, sendgridVerifier } from "./sendgrid";
import { shopifyConfigSchema, shopifyVerifier } from "./shopify";
import { slackConfigSchema, slackVerifier } from "./slack";
import { standardWebhooksConfigSchema, standardWebhooksVerifier } from "./standard-webhooks";
import { stripeConfigSchema, stripeVerifier } from "./stripe";
import { svixConfigSchema, svixVerifier } from "./svix";
import { twilioConfigSchema, twilioVerifier } from "./twilio";
import { reject, type VerifyContext, type VerifyResult, type WebhookRequest, type WebhookVerifier } from "./verifier";
import { zendeskConfigSchema, zendeskVerifier } from "./zendesk";

/**
 * A trigger's `verify` block names a provider preset or a generic scheme. The secret reference
 * (`secret`/`secrets`) is resolved by the caller into the `secrets` list; the keys are allowed at
 * the top level only so the manifest can validate the whole block with this schema.
 */
const secretReference = { secret: z.unknown().optional(), secrets: z.unknown().optional() };

function presetSchemas<Extra extends z.ZodRawShape>(extra: Extra) {
  return z.discriminatedUnion("preset", [
    githubConfigSchema.extend({ preset: z.literal("github"), ...extra }),
    stripeConfigSchema.extend({ preset: z.literal("stripe"), ...extra }),
    slackConfigSchema.extend({ preset: z.literal("slack"), ...extra }),
    twilioConfigSchema.extend({ preset: z.literal("twilio"), ...extra }),
    zendeskConfigSchema.extend({ preset: z.literal("zendesk"), ...extra }),
    pagerdutyConfigSchema.extend({ preset: z.literal("pagerduty"), ...extra }),
    shopifyConfigSchema.extend({ preset: z.literal("shopify"), ...extra }),
    sendgridConfigSchema.extend({ preset: z.literal("sendgrid"), ...extra }),
    standardWebhooksConfigSchema.extend({ preset: z.literal("standard-webhooks"), ...extra }),
    svixConfigSchema.extend({ preset: z.literal("svix"), ...extra }),
    salesforceOutboundConfigSchema.extend({ preset: z.literal("salesforce-outbound"), ...extra }),
  ]);
}

function deliverySchemeOptions<Extra extends z.ZodRawShape>(extra: Extra) {
  return [
    hmacConfigSchema.extend({ scheme: z.literal("hmac"), ...extra }),
    headerConfigSchema.extend({ scheme: z.literal("header"), ...extra }),
    basicConfigSchema.extend({ scheme: z.literal("basic"), ...extra }),
  ] as const;
}

/** What `challenge.then` may be: anything that verifies a real delivery (no nested challenge, no own secret). */
const deliveryConfigSchema = z.union([presetSchemas({}), z.discriminatedUnion("scheme", deliverySchemeOptions({}))]);

export const verifyConfigSchema = z.union([
  presetSchemas(secretReference),
  z.discriminatedUnion("scheme", [
    ...deliverySchemeOptions(secretReference),
    challengeConfigSchema(deliveryConfigSchema).extend({ scheme: z.literal("challenge"), ...secretReference }),
  ]),
]);

export type VerifyConfigInput = z.input<typeof verifyConfigSchema>;
export type VerifyConfig = z.output<typeof verifyConfigSchema>;
type DeliveryConfig = z.output<typeof deliveryConfigSchema>;
export type VerifyPreset = Extract<VerifyConfig, { preset: string }>["preset"];

/**
 * Per-preset facts. The configs reaching `verify` were parsed by the matching schema above, which
 * TypeScript cannot correlate through a lookup table, hence the widened verifier type.
 */
const presets: Record<VerifyPreset, { verifier: WebhookVerifier<never>; dedupe: DedupeConfig; deliversByGet?: true }> = {
  github: { verifier: githubVerifier, dedupe: { header: "x-github-delivery" } },
  stripe: { verifier: stripeVerifier, dedupe: { path: "$.id" } },
  slack: { verifier: slackVerifier, dedupe: { path: "$.event_id" } },
  // Status callbacks can be configured to arrive by GET, their parameters in the signed URL.
  twilio: { verifier: twilioVerifier, dedupe: { header: "i-twilio-idempotency-token" }, deliversByGet: true },
  zendesk: { verifier: zendeskVerifier, dedupe: { header: "x-zendesk-webhook-invocation-id" } },
  pagerduty: { verifier: pagerdutyVerifier, dedupe: { header: "x-webhook-id" } },
  shopify: { verifier: shopifyVerifier, dedupe: { header: "x-shopify-webhook-id" } },
  // SendGrid posts a batch of events with no delivery id; per-event sg_event_ids live inside the array.
  sendgrid: { verifier: sendgridVerifier, dedupe: {} },
  "standard-webhooks": { verifier: standardWebhooksVerifier, dedupe: { header: "webhook-id" } },
  svix: { verifier: svixVerifier, dedupe: { header: "svix-id" } },
  // One event per Notification (server/triggers/ingest/outbound-messages.ts), keyed by its Id.
  "salesforce-outbound": { verifier: salesforceOutboundVerifier, dedupe: { path: "$.Notification.Id" } },
};

export const VERIFY_PRESETS = Object.keys(presets) as VerifyPreset[];

const challengeVerifier = createChallengeVerifier<DeliveryConfig>(
  (request, config, secrets, ctx) => verifyParsed(request, config, secrets, ctx),
  (config) => secretHeadersOf(config),
);

function verifierFor(config: VerifyConfig | DeliveryConfig): WebhookVerifier<never> {
  if ("preset" in config) return presets[config.preset].verifier;
  const schemes = { hmac: hmacVerifier, header: headerVerifier, basic: basicVerifier, challenge: challengeVerifier };
  return schemes[config.scheme];
}

const parsedConfigs = new WeakMap<object, ReturnType<typeof verifyConfigSchema.safeParse>>();

/**
 * Parses a verify config once per config object: an endpoint's config (from its pinned manifest)
 * is the same object for every delivery, and parsing it again per delivery was a measurable part
 * of the ingest's cost. Configs are never mutated after a manifest is parsed.
 */
function parseVerifyConfig(verifyConfig: VerifyConfigInput): ReturnType<typeof verifyConfigSchema.safeParse> {
  if (typeof verifyConfig !== "object" || verifyConfig === null) return verifyConfigSchema.safeParse(verifyConfig);
  let parsed = parsedConfigs.get(verifyConfig);
  if (!parsed) {
    parsed = verifyConfigSchema.safeParse(verifyConfig);
    parsedConfigs.set(verifyConfig, parsed);
  }
  return parsed;
}

function verifyParsed(request: WebhookRequest, config: VerifyConfig | DeliveryConfig, secrets: readonly string[], ctx: VerifyContext): VerifyResult {
  return verifierFor(config).verify(request, config as never, secrets, ctx);
}

function secretHeadersOf(config: VerifyConfig | DeliveryConfig): readonly string[] {
  return verifierFor(config).secretHeaders(config as never);
}

/**
 * Verifies one delivery. The config is parsed here (once per config object) so defaults apply and a
 * config that skipped validation fails closed instead of verifying with missing options; a
 * verifier that throws is a rejection too, never an acceptance.
 */
export function verifyDelivery(request: WebhookRequest, verifyConfig: VerifyConfigInput, secrets: readonly string[], ctx: VerifyContext): VerifyResult {
  const parsed = parseVerifyConfig(verifyConfig);
  if (!parsed.success) return reject(`verify configuration is invalid: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`);
  try {
    return verifyParsed(request, parsed.data, secrets, ctx);
  } catch (error) {
    return reject(`verification failed unexpectedly: ${error instanceof Error ? error.name : "unknown error"}`);
  }
}

/**
 * Headers to redact when a delivery is recorded: the scheme's signature/secret headers plus the
 * ones that carry credentials whatever the scheme (a vendor may put a proxy's auth in front).
 */
export function secretHeaderNames(verifyConfig: VerifyConfigInput): string[] {
  const always = ["authorization", "proxy-authorization", "cookie"];
  const parsed = parseVerifyConfig(verifyConfig);
  return [...new Set([...always, ...(parsed.success ? secretHeadersOf(parsed.data) : [])])];
}

/** Signature headers per preset, for callers that only know the preset name. */
export const presetSecretHeaderNames: Record<VerifyPreset, readonly string[]> = Object.fromEntries(
  VERIFY_PRESETS.map((preset) => [preset, presets[preset].verifier.secretHeaders({} as never)]),
) as Record<VerifyPreset, readonly string[]>;

/** Where each preset's delivery id lives; a trigger's own `dedupe` setting overrides it. */
export const presetDedupe: Record<VerifyPreset, DedupeConfig> = Object.fromEntries(
  VERIFY_PRESETS.map((preset) => [preset, presets[preset].dedupe]),
) as Record<VerifyPreset, DedupeConfig>;

/** The default dedupe setting for a verify block: its preset's (also behind a challenge), none for generic schemes. */
export function defaultDedupe(verifyConfig: VerifyConfigInput): DedupeConfig | undefined {
  const parsed = parseVerifyConfig(verifyConfig);
  if (!parsed.success) return undefined;
  const delivery = "scheme" in parsed.data && parsed.data.scheme === "challenge" ? parsed.data.then : parsed.data;
  return "preset" in delivery ? presetDedupe[delivery.preset] : undefined;
}

/** Whether the preset's provider may send real deliveries (not only handshakes) by GET. */
export function presetDeliversByGet(preset: VerifyPreset): boolean {
  return presets[preset].deliversByGet === true;
}
