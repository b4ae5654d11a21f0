import { z } from "zod";
import { equalSecrets } from "./crypto";
import { headerNameSchema } from "./schema";
import { accept, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * A shared token in a header (e.g. `X-Gitlab-Token`, or `Authorization: Bearer <token>` with
 * prefix "Bearer "). The token is the secret itself, so it is compared hashed: its length stays hidden.
 */
export const headerConfigSchema = z.strictObject({
  header: headerNameSchema,
  /** Text before the token, e.g. "Bearer "; matched case-insensitively as HTTP auth schemes are. */
  prefix: z.string().default(""),
});

export type HeaderConfig = z.output<typeof headerConfigSchema>;

export const headerVerifier: WebhookVerifier<HeaderConfig> = {
  secretHeaders: (config) => [config.header],
  verify(request, config, secrets) {
    const tokens = usableSecrets(secrets);
    if (tokens.length === 0) return reject(NO_SECRET_CONFIGURED);
    const value = request.headers[config.header];
    if (value === undefined) return reject(`missing ${config.header} header`);
    if (!value.toLowerCase().startsWith(config.prefix.toLowerCase())) {
      return reject(`${config.header} header is malformed (expected it to start with "${config.prefix.trim()}")`);
    }
    const presented = value.slice(config.prefix.length).trim();
    // Every token is compared (no early exit) so the work done does not depend on which one matched.
    const matched = tokens.map((token) => equalSecrets(presented, token)).includes(true);
    return matched ? accept() : reject(`${config.header} header does not match any configured token`);
  },
};
