import { z } from "zod";
import { equalSecrets } from "./crypto";
import { accept, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * HTTP Basic auth (RFC 7617). The user name is configuration; the passwords are the secrets, so
 * a password can be rotated by listing the new one beside the old one.
 */
export const basicConfigSchema = z.strictObject({
  username: z
    .string()
    .min(1)
    .refine((name) => !name.includes(":"), "must not contain ':'"),
});

export type BasicConfig = z.output<typeof basicConfigSchema>;

function parseBasicCredentials(header: string): { username: string; password: string } | null {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const basicVerifier: WebhookVerifier<BasicConfig> = {
  secretHeaders: () => ["authorization"],
  verify(request, config, secrets) {
    const passwords = usableSecrets(secrets);
    if (passwords.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers.authorization;
    if (header === undefined) return reject("missing Authorization header");
    const credentials = parseBasicCredentials(header);
    if (!credentials) return reject("Authorization header is malformed (expected Basic <base64 of user:password>)");
    // Both parts are always compared so a wrong user name and a wrong password take the same path.
    const userMatches = equalSecrets(credentials.username, config.username);
    const passwordMatches = passwords.map((password) => equalSecrets(credentials.password, password)).includes(true);
    return userMatches && passwordMatches ? accept() : reject("user name or password does not match");
  },
};
