/**
 * The manifest's `verify` and `dedupe` blocks: a webhook trigger's, and a per-instance endpoint's
 * (routing.schema.ts). The preset names come from the preset table; what each scheme checks is
 * in server/verify.
 */
import { z } from "zod";

import { eventMatchSchema } from "@/server/engine/definition.schema";
import { secretSchema } from "@/server/manifest/common.schema";
import { VERIFY_PRESET_NAMES } from "@/server/verify/presets";

/** Providers whose signing scheme is built in (server/verify/presets.ts): only the secret is needed. */
const presetVerifySchema = z.strictObject({
  preset: z.enum(VERIFY_PRESET_NAMES),
  /** The signing secret; for `salesforce-outbound`, the Salesforce OrganizationId messages must come from. */
  secret: secretSchema,
  /** How old a signed timestamp may be, for presets that sign one (stripe, slack, svix…). */
  toleranceSeconds: z.int().positive().optional(),
});

const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "must be an HTTP header name" });

/**
 * Generic HMAC: `signedPayload` says what was signed, with `{body}` and `{timestamp}` placeholders
 * (e.g. "v0:{timestamp}:{body}" for Slack-like schemes); `prefix` is stripped from the header
 * before comparing (e.g. "sha256=").
 */
const hmacVerifySchema = z.strictObject({
  scheme: z.literal("hmac"),
  secret: secretSchema,
  header: headerNameSchema,
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
  encoding: z.enum(["hex", "base64"]).default("hex"),
  prefix: z.string().optional(),
  signedPayload: z.string().includes("{body}", { error: "must include {body}" }).optional(),
  timestampHeader: headerNameSchema.optional(),
  toleranceSeconds: z.int().positive().optional(),
});

/** A shared token in a header (GitLab's X-Gitlab-Token), optionally after a prefix such as "Bearer ". */
const headerVerifySchema = z.strictObject({ scheme: z.literal("header"), header: headerNameSchema, prefix: z.string().optional(), secret: secretSchema });

const basicVerifySchema = z.strictObject({ scheme: z.literal("basic"), username: z.string().min(1), password: secretSchema });

/**
 * A subscription handshake: requests matching `when` are answered with the value at `respond`
 * (e.g. Slack's url_verification → `$.body.challenge`) and start no execution.
 */
const challengeVerifySchema = z.strictObject({ scheme: z.literal("challenge"), when: eventMatchSchema, respond: z.string().min(1) });

const schemeVerifySchema = z.discriminatedUnion("scheme", [hmacVerifySchema, headerVerifySchema, basicVerifySchema, challengeVerifySchema]);

const verifyRuleSchema = z.union([presetVerifySchema, schemeVerifySchema]);

/** One rule, or several that must all pass (a challenge rule answers handshakes before the others run). */
export const verifySchema = z.union([verifyRuleSchema, z.array(verifyRuleSchema).min(1)]);

/**
 * Where the idempotency key of a delivery comes from: a header, or a JSONPath into the request.
 * `false` turns a preset's default key off, so every delivery runs (a provider that reuses its
 * delivery id for distinct events, or a flow that must see each retry).
 */
export const dedupeSchema = z.union([
  z.strictObject({ header: headerNameSchema }),
  z.strictObject({ path: z.string().min(1) }),
  z.literal(false, { error: "dedupe must be { header }, { path } or false" }),
]);

export type VerifySpec = z.infer<typeof verifySchema>;
export type DedupeSpec = z.infer<typeof dedupeSchema>;
