import type { AccountLabelContext } from "@/server/connectors/framework/auth";
import type { CredentialValues } from "@/server/connectors/framework/credential-fields";
import type { ActionContext } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";
import { withSftpSession, type SftpCredentials, type SftpSession } from "./sftp-session";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The connection's decrypted values as the session needs them. */
export function sftpCredentials(values: CredentialValues | undefined): SftpCredentials {
  if (!values) throw new NonRetryableError("the SFTP actions need a Connection made with SFTP credentials (host, username, password or private key)");
  const host = text(values.host);
  const username = text(values.username);
  if (!host || !username) throw new NonRetryableError("the SFTP connection lacks its host or username");
  const password = text(values.password);
  const privateKey = text(values.privateKey);
  if (!password && !privateKey) throw new NonRetryableError("the SFTP connection has neither a password nor a private key");
  const passphrase = text(values.passphrase);
  const hostFingerprint = text(values.hostFingerprint);
  return {
    host,
    port: Number(values.port ?? 22) || 22,
    username,
    ...(password ? { password } : {}),
    ...(privateKey ? { privateKey } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(hostFingerprint ? { hostFingerprint } : {}),
  };
}

export function withSftp<T>(ctx: ActionContext, work: (sftp: SftpSession) => Promise<T>): Promise<T> {
  return withSftpSession(sftpCredentials(ctx.connection?.credentials), { network: ctx.network, signal: ctx.signal }, work);
}

/**
 * Names a new connection `user@host` after logging in with it: a wrong password, an unknown host
 * or a refused address rejects the connection when the customer saves it, not at the first run.
 */
export async function checkSftpLogin(ctx: AccountLabelContext): Promise<string> {
  const credentials = sftpCredentials(ctx.credentials);
  await withSftpSession(credentials, { network: ctx.network, signal: ctx.signal }, (sftp) => sftp.cwd());
  return `${credentials.username}@${credentials.host}`;
}
