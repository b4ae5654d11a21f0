/**
 * Runs a manifest `verify` block (one rule or a list that must all pass) through the verifier
 * registry. The manifest's vocabulary (`secret` references, `toleranceSeconds`, `signedPayload`
 * templates, `challenge` rules with `when`/`respond`) is translated here; the schemes themselves
 * live in ../verify and never see configuration.
 */
import type { SecretSpec } from "@/server/manifest/common.schema";
import type { VerifySpec } from "@/server/manifest/verify.schema";
import type { DedupeConfig } from "@/server/verify/preset";
import { evaluateMatch } from "@/server/triggers/match";
import { verifyPresetNamed } from "@/server/verify/presets";
import { defaultDedupe, presetDeliversByGet, secretHeaderNames, verifyDelivery, type VerifyConfigInput } from "@/server/verify/registry";
import { outsideTolerance, parseUnixSeconds } from "@/server/verify/timestamp";
import { accept, reject, type VerifyContext, type VerifyResult, type WebhookRequest } from "@/server/verify/verifier";
import { JSONPath } from "jsonpath-plus";
import type { RequestDocument } from "@/server/modules/events/event-document";

type VerifyRule = Exclude<VerifySpec, unknown[]>;
type ChallengeRule = Extract<VerifyRule, { scheme: "challenge" }>;
type HmacRule = Extract<VerifyRule, { scheme: "hmac" }>;

function rulesOf(spec: VerifySpec | undefined): VerifyRule[] {
  if (spec === undefined) return [];
  return Array.isArray(spec) ? spec : [spec];
}

/**
 * A secret reference resolved against the instance's config (`{ config }`) or its state
 * (`{ state }`); a missing or blank value resolves to nothing (fail closed).
 */
export function resolveSecrets(spec: SecretSpec, config: Record<string, unknown>, state: Record<string, unknown> = {}): string[] {
  const entries = Array.isArray(spec) ? spec : [spec];
  return entries.flatMap((entry) => {
    const value = typeof entry === "string" ? entry : "config" in entry ? config[entry.config] : state[entry.state];
    return typeof value === "string" && value.trim().length > 0 ? [value] : [];
  });
}

/** The registry config for a rule (challenge rules are handled by the ingest itself). */
const registryConfigs = new WeakMap<Exclude<VerifyRule, ChallengeRule>, VerifyConfigInput>();

/**
 * The registry's config for a rule, the same object for the same rule: the registry parses a
 * config once per object (registry.ts), and a rule comes from the endpoint's cached manifest.
 */
function registryConfig(rule: Exclude<VerifyRule, ChallengeRule>): VerifyConfigInput {
  let config = registryConfigs.get(rule);
  if (!config) {
    config = toRegistryConfig(rule);
    registryConfigs.set(rule, config);
  }
  return config;
}

function toRegistryConfig(rule: Exclude<VerifyRule, ChallengeRule>): VerifyConfigInput {
  if ("preset" in rule) {
    const tolerance = verifyPresetNamed(rule.preset).timestamped && rule.toleranceSeconds ? { tolerance: rule.toleranceSeconds } : {};
    return { preset: rule.preset, ...tolerance } as VerifyConfigInput;
  }
  if (rule.scheme === "header") return { scheme: "header", header: rule.header, prefix: rule.prefix ?? "" };
  if (rule.scheme === "basic") return { scheme: "basic", username: rule.username };
  return { scheme: "hmac", header: rule.header, algorithm: rule.algorithm, encoding: rule.encoding, prefix: rule.prefix ?? "", signed: "body" };
}

function secretSpecOf(rule: Exclude<VerifyRule, ChallengeRule>): SecretSpec {
  return "password" in rule ? rule.password : rule.secret;
}

function secretsOf(rule: Exclude<VerifyRule, ChallengeRule>, config: Record<string, unknown>, state: Record<string, unknown>): string[] {
  return resolveSecrets(secretSpecOf(rule), config, state);
}

/** The instance state keys a verify block reads its secrets from (`{ state: key }`), for the ingest to load. */
export function stateKeysOfSpec(spec: VerifySpec | undefined): string[] {
  const keys = new Set<string>();
  for (const rule of rulesOf(spec)) {
    if ("scheme" in rule && rule.scheme === "challenge") continue;
    const secret = secretSpecOf(rule);
    for (const entry of Array.isArray(secret) ? secret : [secret]) {
      if (typeof entry !== "string" && "state" in entry) keys.add(entry.state);
    }
  }
  return [...keys];
}

/**
 * `signedPayload` such as "v0:{timestamp}:{body}": the signed bytes are the template with the raw
 * body bytes spliced in (never a re-serialised body), verified as an HMAC over those bytes.
 */
function verifyTemplatedHmac(request: WebhookRequest, rule: HmacRule, secrets: string[], ctx: VerifyContext): VerifyResult {
  const timestampHeader = rule.timestampHeader?.toLowerCase();
  const timestamp = timestampHeader ? request.headers[timestampHeader] : undefined;
  const template = rule.signedPayload ?? "{body}";
  if (template.includes("{timestamp}") && timestamp === undefined) {
    return reject(timestampHeader ? `missing ${rule.timestampHeader} header` : "signedPayload uses {timestamp} but no timestampHeader is configured");
  }
  const parts = template
    .split(/(\{body\}|\{timestamp\})/)
    .map((part) => (part === "{body}" ? request.rawBody : Buffer.from(part === "{timestamp}" ? timestamp! : part, "utf8")));
  const signed = { ...request, rawBody: Buffer.concat(parts) };
  const verdict = verifyDelivery(signed, registryConfig(rule), secrets, ctx);
  if (!verdict.ok || timestamp === undefined) return verdict;
  const signedAt = parseUnixSeconds(timestamp);
  if (signedAt === null) return reject(`${rule.timestampHeader} header is malformed (expected Unix seconds)`);
  const stale = outsideTolerance(signedAt, ctx.now(), rule.toleranceSeconds ?? 300);
  return stale ? reject(stale) : verdict;
}

function answerChallenge(rule: ChallengeRule, document: RequestDocument): VerifyResult | null {
  if (!evaluateMatch(rule.when, document).matched) return null;
  const [value] = JSONPath({ path: rule.respond, json: document as object, eval: "safe", ignoreEvalErrors: true, wrap: true }) as unknown[];
  if (typeof value !== "string" && typeof value !== "number") return reject(`challenge: ${rule.respond} holds no text to answer with`);
  return accept({ status: 200, contentType: "text/plain; charset=utf-8", body: String(value) });
}

/**
 * Challenge rules answer handshakes first (answering starts nothing); every other rule must
 * pass, in order. A preset may itself answer a handshake after its signature verified (Slack).
 */
export function verifyWithSpec(
  request: WebhookRequest,
  spec: VerifySpec | undefined,
  config: Record<string, unknown>,
  ctx: VerifyContext,
  document: () => RequestDocument,
  state: Record<string, unknown> = {},
): VerifyResult {
  const rules = rulesOf(spec);
  for (const rule of rules) {
    if ("scheme" in rule && rule.scheme === "challenge") {
      const answered = answerChallenge(rule, document());
      if (answered) return answered;
    }
  }
  let challenge: VerifyResult | undefined;
  const checked = rules.filter((rule): rule is Exclude<VerifyRule, ChallengeRule> => !("scheme" in rule && rule.scheme === "challenge"));
  for (const [index, rule] of checked.entries()) {
    const secrets = secretsOf(rule, config, state);
    const verdict =
      "scheme" in rule && rule.scheme === "hmac" && (rule.signedPayload !== undefined || rule.timestampHeader !== undefined)
        ? verifyTemplatedHmac(request, rule, secrets, ctx)
        : verifyDelivery(request, registryConfig(rule), secrets, ctx);
    if (!verdict.ok)
      return checked.length > 1 ? reject(`verify rule ${index + 1} (${"preset" in rule ? rule.preset : rule.scheme}): ${verdict.reason}`) : verdict;
    if (verdict.challenge) challenge ??= verdict;
  }
  return challenge ?? accept();
}

/** Credential headers redacted whatever the verify block (a header config has no secret header of its own). */
const ALWAYS_SECRET: VerifyConfigInput = { scheme: "header", header: "authorization" };
const secretHeadersBySpec = new WeakMap<object, string[]>();

/** Headers to redact when recording a delivery or handing it to a flow (worked out once per verify block). */
export function secretHeadersOfSpec(spec: VerifySpec | undefined): string[] {
  if (spec === undefined) return secretHeaderNames(ALWAYS_SECRET);
  let names = secretHeadersBySpec.get(spec);
  if (!names) {
    names = collectSecretHeaders(spec);
    secretHeadersBySpec.set(spec, names);
  }
  return names;
}

function collectSecretHeaders(spec: VerifySpec): string[] {
  const names = new Set(secretHeaderNames(ALWAYS_SECRET));
  for (const rule of rulesOf(spec)) {
    if ("scheme" in rule && rule.scheme === "challenge") continue;
    for (const name of secretHeaderNames(registryConfig(rule))) names.add(name);
  }
  return [...names];
}

/** The dedupe default of the first preset in the block, if any. */
export function defaultDedupeOfSpec(spec: VerifySpec | undefined): DedupeConfig | undefined {
  for (const rule of rulesOf(spec)) {
    if ("preset" in rule) return defaultDedupe(registryConfig(rule));
  }
  return undefined;
}

/** Whether every verifying rule of the block is a preset whose provider sends deliveries by GET (Twilio's status callbacks). */
export function acceptsGetDeliveries(spec: VerifySpec | undefined): boolean {
  const checked = rulesOf(spec).filter((rule) => !("scheme" in rule && rule.scheme === "challenge"));
  return checked.length > 0 && checked.every((rule) => "preset" in rule && presetDeliversByGet(rule.preset));
}
