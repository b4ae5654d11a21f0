import { z } from "zod";
import type { DedupeConfig } from "./preset";
import { basicConfigSchema, basicVerifier } from "./basic";
import { challengeConfigSchema, createChallengeVerifier } from "./challenge";
import { headerConfigSchema, headerVerifier } from "./header";
import { hmacConfigSchema, hmacVerifier } from "./hmac";
import { VERIFY_PRESET_TABLE, verifyPresetNamed, type VerifyPreset } from "./presets";
import { reject, type VerifyContext, type VerifyResult, type WebhookRequest, type WebhookVerifier } from "./verifier";

/**
 * A trigger's `verify` block names a provider preset or a generic scheme. The secret reference
 * (`secret`/`secrets`) is resolved by the caller into the `secrets` list; the keys are allowed at
 * the top level only so the manifest can validate the whole block with this schema.
 */
const secretReference = { secret: z.unknown().optional(), secrets: z.unknown().optional() };

/** One schema per preset of the table: its options, its name, and `extra`. */
function presetSchemas<Extra extends z.ZodRawShape>(extra: Extra) {
  const [first, ...rest] = VERIFY_PRESET_TABLE.map((preset) => preset.options.extend({ preset: z.literal(preset.name), ...extra }));
  return z.discriminatedUnion("preset", [first, ...rest]);
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

export const VERIFY_PRESETS: VerifyPreset[] = VERIFY_PRESET_TABLE.map((preset) => preset.name);

const challengeVerifier = createChallengeVerifier<DeliveryConfig>(
  (request, config, secrets, ctx) => verifyParsed(request, config, secrets, ctx),
  (config) => secretHeadersOf(config),
);

function verifierFor(config: VerifyConfig | DeliveryConfig): WebhookVerifier<never> {
  if ("preset" in config) return verifyPresetNamed(config.preset).verifier;
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
  VERIFY_PRESET_TABLE.map((preset) => [preset.name, preset.verifier.secretHeaders({} as never)]),
) as Record<VerifyPreset, readonly string[]>;

/** Where each preset's delivery id lives; a trigger's own `dedupe` setting overrides it. */
export const presetDedupe: Record<VerifyPreset, DedupeConfig> = Object.fromEntries(VERIFY_PRESET_TABLE.map((preset) => [preset.name, preset.dedupe])) as Record<
  VerifyPreset,
  DedupeConfig
>;

/** The default dedupe setting for a verify block: its preset's (also behind a challenge), none for generic schemes. */
export function defaultDedupe(verifyConfig: VerifyConfigInput): DedupeConfig | undefined {
  const parsed = parseVerifyConfig(verifyConfig);
  if (!parsed.success) return undefined;
  const delivery = "scheme" in parsed.data && parsed.data.scheme === "challenge" ? parsed.data.then : parsed.data;
  return "preset" in delivery ? presetDedupe[delivery.preset] : undefined;
}

/** Whether the preset's provider may send real deliveries (not only handshakes) by GET. */
export function presetDeliversByGet(preset: VerifyPreset): boolean {
  return verifyPresetNamed(preset).deliversByGet;
}
