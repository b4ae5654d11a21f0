import { z } from "zod";
import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH, type HmacAlgorithm } from "./crypto";
import { headerNameSchema, toleranceSchema } from "./schema";
import { outsideTolerance, parseUnixSeconds } from "./timestamp";
import { accept, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookRequest, type WebhookVerifier } from "./verifier";

/**
 * A configurable HMAC for providers without a preset. `signed` says what the provider feeds
 * the HMAC: the raw body, `<timestamp><separator><body>` (timestamp taken verbatim from a
 * header), or `<url><separator><body>` (e.g. Square signs its notification URL + body).
 */
export const hmacConfigSchema = z
  .strictObject({
    algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
    header: headerNameSchema,
    /** Text before the signature in the header, e.g. "sha256=". */
    prefix: z.string().default(""),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    signed: z.enum(["body", "timestamp+body", "url+body"]).default("body"),
    timestampHeader: headerNameSchema.optional(),
    timestampFormat: z.enum(["unix", "unix-ms", "iso8601"]).default("unix"),
    separator: z.string().default(""),
    tolerance: toleranceSchema,
  })
  .refine((config) => config.signed !== "timestamp+body" || config.timestampHeader !== undefined, {
    path: ["timestampHeader"],
    message: "timestampHeader is required when signed is timestamp+body",
  });

export type HmacConfig = z.output<typeof hmacConfigSchema>;

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

function timestampSeconds(text: string, format: HmacConfig["timestampFormat"]): number | null {
  if (format === "iso8601") {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000);
  }
  if (format === "unix") return parseUnixSeconds(text);
  return /^\d{1,15}$/.test(text.trim()) ? Math.floor(Number(text.trim()) / 1000) : null;
}

/** The byte sequence the provider signed, or a rejection reason when a part of it is missing. */
function signedParts(request: WebhookRequest, config: HmacConfig): Array<string | Buffer> | string {
  if (config.signed === "body") return [request.rawBody];
  if (config.signed === "url+body") return [request.url, config.separator, request.rawBody];
  const timestamp = request.headers[config.timestampHeader!];
  if (timestamp === undefined) return `missing ${config.timestampHeader} header`;
  return [timestamp, config.separator, request.rawBody];
}

export function signHmac(config: HmacConfig, secret: string, request: WebhookRequest): string {
  const parts = signedParts(request, config);
  if (typeof parts === "string") throw new Error(parts);
  return config.prefix + hmacDigest(config.algorithm, secret, parts).toString(config.encoding);
}

export const hmacVerifier: WebhookVerifier<HmacConfig> = {
  secretHeaders: (config) => [config.header],
  verify(request, config, secrets, ctx) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[config.header];
    if (header === undefined) return reject(`missing ${config.header} header`);
    const presented = header.startsWith(config.prefix) ? decodeSignature(header.slice(config.prefix.length), config.encoding) : null;
    if (presented === null || presented.length !== DIGEST_BYTES[config.algorithm]) {
      const shape = `${config.prefix}<${config.encoding} ${config.algorithm.toUpperCase()} HMAC>`;
      return reject(`${config.header} header is malformed (expected ${shape})`);
    }
    const parts = signedParts(request, config);
    if (typeof parts === "string") return reject(parts);
    let signedAt: number | null = null;
    if (config.signed === "timestamp+body") {
      signedAt = timestampSeconds(request.headers[config.timestampHeader!], config.timestampFormat);
      if (signedAt === null) return reject(`${config.timestampHeader} header is malformed (expected ${config.timestampFormat} time)`);
    }
    const genuine = anySecretSigns(keys, [presented], (secret) => hmacDigest(config.algorithm, secret, parts));
    if (!genuine) return reject(SIGNATURE_MISMATCH);
    const stale = signedAt === null ? null : outsideTolerance(signedAt, ctx.now(), config.tolerance);
    return stale ? reject(stale) : accept();
  },
};
