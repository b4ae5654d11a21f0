import type { z } from "zod";
import { noOptionsSchema, toleranceOnlySchema } from "./schema";
import type { WebhookVerifier } from "./verifier";

/**
 * Where a delivery's idempotency key lives: a header (lower-case name) or a JSONPath into the
 * parsed body. When both are set the header wins and the path is the fallback, because a
 * provider's delivery-id header is stable across retries while body ids may be per-object.
 */
export type DedupeConfig = { header?: string; path?: string };

/** The verifier options of a preset that signs no timestamp: none (the secret arrives beside them). */
export type NoOptions = z.output<typeof noOptionsSchema>;
/** The verifier options of a preset that signs a timestamp: the replay window. */
export type TimestampedOptions = z.output<typeof toleranceOnlySchema>;

/**
 * A provider's signing scheme, built in so a manifest names it and gives only the secret. Each
 * preset is one file in this folder saying all of it; `presets.ts` lists them, and the manifest
 * schema, the verifier registry and the ingest's translation of the manifest's `verify` block are
 * derived from that list.
 *
 * In a manifest every preset is `{ preset, secret, toleranceSeconds? }`; `toleranceSeconds`
 * reaches the verifier (as `tolerance`) only for a timestamped preset.
 */
export interface VerifyPresetDefinition<Name extends string = string> {
  name: Name;
  /** The provider signs a timestamp, so a replay window applies (default 300 s). */
  timestamped: boolean;
  /** What the verifier is configured with, derived from `timestamped`. */
  options: typeof noOptionsSchema | typeof toleranceOnlySchema;
  verifier: WebhookVerifier<never>;
  /** Where the provider puts its delivery id; a trigger's own `dedupe` setting overrides it. */
  dedupe: DedupeConfig;
  /** The provider may send real deliveries (not only handshakes) by GET. */
  deliversByGet: boolean;
}

type PresetInput<Name extends string, Timestamped extends boolean> = {
  name: Name;
  timestamped: Timestamped;
  verifier: WebhookVerifier<Timestamped extends true ? TimestampedOptions : NoOptions>;
  dedupe: DedupeConfig;
  deliversByGet?: boolean;
};

export function defineVerifyPreset<const Name extends string, Timestamped extends boolean>(
  preset: PresetInput<Name, Timestamped>,
): VerifyPresetDefinition<Name> {
  return {
    name: preset.name,
    timestamped: preset.timestamped,
    options: preset.timestamped ? toleranceOnlySchema : noOptionsSchema,
    verifier: preset.verifier as WebhookVerifier<never>,
    dedupe: preset.dedupe,
    deliversByGet: preset.deliversByGet ?? false,
  };
}
