import { JSONPath } from "jsonpath-plus";
import { z } from "zod";
import { equalSecrets } from "./crypto";
import {
  accept,
  NO_SECRET_CONFIGURED,
  reject,
  usableSecrets,
  type ChallengeResponse,
  type VerifyContext,
  type VerifyResult,
  type WebhookRequest,
  type WebhookVerifier,
} from "./verifier";

/**
 * Subscription handshakes: the provider sends a challenge (a query parameter such as Meta's
 * `hub.challenge` or Dropbox's `challenge`, or a JSON body field such as Twitch's `$.challenge`)
 * and expects it echoed. Answering starts no flow, so an unsigned handshake may be answered after
 * an optional verify-token check; everything else is a delivery and must pass `then`, the
 * verifier for the provider's real deliveries. When the provider signs its handshakes too
 * (Twitch), `signed: true` runs `then` first, so nothing is echoed before the signature verified.
 */
const challengeOptionsShape = {
  query: z.string().min(1).optional(),
  field: z.string().startsWith("$").optional(),
  /**
   * The token the provider echoes from its dashboard (Meta's `hub.verify_token`). It is chosen by
   * the integrator and travels in the provider's URLs, so it is configuration, not a signing secret.
   */
  verifyToken: z
    .strictObject({ query: z.string().min(1).optional(), field: z.string().startsWith("$").optional(), value: z.string().min(1) })
    .refine((token) => token.query !== undefined || token.field !== undefined, "verifyToken needs query or field")
    .optional(),
  signed: z.boolean().default(false),
  /** Answer `{"<key>": "<challenge>"}` as JSON (Strava) instead of the bare challenge as text. */
  respondJsonKey: z.string().min(1).optional(),
};

/** The longest challenge echoed back; providers send short random strings, so more is not a handshake. */
const MAX_CHALLENGE_LENGTH = 2048;

export function challengeConfigSchema<Then extends z.ZodType>(then: Then) {
  return z
    .strictObject({ ...challengeOptionsShape, then })
    .refine((config) => config.query !== undefined || config.field !== undefined, "challenge needs query or field");
}

export type ChallengeConfig<Then> = z.output<z.ZodObject<typeof challengeOptionsShape>> & { then: Then };

type VerifyThen<Then> = (request: WebhookRequest, config: Then, secrets: readonly string[], ctx: VerifyContext) => VerifyResult;

function readValue(request: WebhookRequest, query: string | undefined, field: string | undefined): string | null {
  if (query !== undefined && URL.canParse(request.url)) {
    const value = new URL(request.url).searchParams.get(query);
    if (value !== null) return value;
  }
  if (field === undefined || request.rawBody.length === 0) return null;
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return null;
  }
  const [value] = JSONPath({ path: field, json: body as object, eval: "safe", ignoreEvalErrors: true, wrap: true }) as unknown[];
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

function answer(challenge: string, respondJsonKey: string | undefined): ChallengeResponse {
  return respondJsonKey === undefined
    ? { status: 200, contentType: "text/plain; charset=utf-8", body: challenge }
    : { status: 200, contentType: "application/json", body: JSON.stringify({ [respondJsonKey]: challenge }) };
}

/**
 * `then` is verified through the registry (passed in) so this file does not import every scheme;
 * the config schema is composed by the registry with `challengeConfigSchema`.
 */
export function createChallengeVerifier<Then>(
  verifyThen: VerifyThen<Then>,
  thenSecretHeaders: (config: Then) => readonly string[],
): WebhookVerifier<ChallengeConfig<Then>> {
  return {
    secretHeaders: (config) => thenSecretHeaders(config.then),
    verify(request, config, secrets, ctx) {
      if (usableSecrets(secrets).length === 0) return reject(NO_SECRET_CONFIGURED);
      const signedVerdict = config.signed ? verifyThen(request, config.then, secrets, ctx) : undefined;
      if (signedVerdict && !signedVerdict.ok) return signedVerdict;
      const challenge = readValue(request, config.query, config.field);
      if (challenge === null) return signedVerdict ?? verifyThen(request, config.then, secrets, ctx);
      if (challenge.length === 0 || challenge.length > MAX_CHALLENGE_LENGTH) {
        return reject(`challenge is empty or longer than ${MAX_CHALLENGE_LENGTH} characters`);
      }
      if (config.verifyToken) {
        const presented = readValue(request, config.verifyToken.query, config.verifyToken.field);
        if (presented === null) return reject("challenge carries no verify token");
        if (!equalSecrets(presented, config.verifyToken.value)) return reject("challenge verify token does not match the configured one");
      }
      return accept(answer(challenge, config.respondJsonKey));
    },
  };
}
