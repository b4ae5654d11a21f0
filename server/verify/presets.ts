/**
 * Every verify preset, one file each (the verifier, its options, whether it signs a timestamp,
 * where its delivery id lives). The manifest's `preset` names (server/manifest/verify.schema.ts),
 * the verifier registry (registry.ts) and the ingest's translation of a manifest `verify` block
 * (server/triggers/ingest/verify-spec.ts) are derived from this list; adding a preset is its file
 * and one line here.
 */
import { githubPreset } from "./github";
import { pagerdutyPreset } from "./pagerduty";
import type { VerifyPresetDefinition } from "./preset";
import { salesforceOutboundPreset } from "./salesforce-outbound";
import { sendgridPreset } from "./sendgrid";
import { shopifyPreset } from "./shopify";
import { slackPreset } from "./slack";
import { standardWebhooksPreset } from "./standard-webhooks";
import { stripePreset } from "./stripe";
import { svixPreset } from "./svix";
import { twilioPreset } from "./twilio";
import { zendeskPreset } from "./zendesk";

export const VERIFY_PRESET_TABLE = [
  githubPreset,
  stripePreset,
  slackPreset,
  twilioPreset,
  zendeskPreset,
  pagerdutyPreset,
  shopifyPreset,
  sendgridPreset,
  standardWebhooksPreset,
  svixPreset,
  salesforceOutboundPreset,
] as const;

export type VerifyPreset = (typeof VERIFY_PRESET_TABLE)[number]["name"];

/** The preset names, in the table's order (the manifest schema's enum). */
export const VERIFY_PRESET_NAMES = VERIFY_PRESET_TABLE.map((preset) => preset.name) as [VerifyPreset, ...VerifyPreset[]];

const byName = new Map<string, VerifyPresetDefinition<VerifyPreset>>(VERIFY_PRESET_TABLE.map((preset) => [preset.name, preset]));

export function verifyPresetNamed(name: VerifyPreset): VerifyPresetDefinition<VerifyPreset> {
  return byName.get(name)!;
}
