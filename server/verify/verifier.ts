/**
 * What a verifier sees of an incoming delivery. The ingest builds it before anything parses the
 * body: signatures are computed over the exact bytes the provider sent, so `rawBody` is the only
 * body a verifier may look at for that purpose.
 */
export type WebhookRequest = {
  method: string;
  /** Full public URL as the provider called it (scheme, host, path, query). Twilio signs it. */
  url: string;
  /** Header names in lower case; a repeated header is joined with ", " as Node does. */
  headers: Record<string, string>;
  rawBody: Buffer;
};

/** Injected so tests and replays can decide what "now" is for timestamp tolerance windows. */
export type VerifyContext = { now: () => Date };

/** A handshake answer the ingest sends back instead of starting a flow. */
export type ChallengeResponse = { status: number; contentType: string; body: string };

export type VerifyResult =
  | { ok: true; challenge?: ChallengeResponse }
  /** `reason` is shown to support engineers: it names what was wrong, never a secret or an expected signature. */
  | { ok: false; reason: string };

/**
 * One scheme; its zod config schema is exported beside it and composed by the registry.
 * `secrets` are resolved by the caller and all equally valid, so a secret is rotated by
 * configuring the new one beside the old one.
 */
export type WebhookVerifier<Config> = {
  verify: (request: WebhookRequest, config: Config, secrets: readonly string[], ctx: VerifyContext) => VerifyResult;
  /** Headers that carry a signature or a secret; the ingest redacts them when it records a delivery. */
  secretHeaders: (config: Config) => readonly string[];
};

export const NO_SECRET_CONFIGURED = "no secret configured";

export function accept(challenge?: ChallengeResponse): VerifyResult {
  return challenge ? { ok: true, challenge } : { ok: true };
}

export function reject(reason: string): VerifyResult {
  return { ok: false, reason };
}

/**
 * An empty string is not a secret: HMAC with an empty key is something anyone can compute, so a
 * blank config value must count as "no secret" rather than as a key.
 */
export function usableSecrets(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => typeof secret === "string" && secret.trim().length > 0);
}

/** Callers pass the header as the provider's docs spell it, so the reason reads like those docs. */
export function missingHeader(name: string): VerifyResult {
  return reject(`missing ${name} header`);
}
