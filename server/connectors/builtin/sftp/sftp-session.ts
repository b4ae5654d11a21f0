/**
 * One SFTP session per action: connect (to an address the network policy approved, never to the
 * name again), do the work, end. Errors become the flow runtime's: a refused login or a missing
 * file is not retried, a dropped or refused connection is.
 */
import { createHash } from "node:crypto";
import SftpClient from "ssh2-sftp-client";

import { checkHostDestination, type HostLookup, type NetworkPolicy } from "@/server/connectors/http/network-policy";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";

export interface SftpCredentials {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  /** `SHA256:…` as `ssh-keygen -lf` prints it; when set, any other server key is refused. */
  hostFingerprint?: string;
}

export interface SftpSessionOptions {
  network: NetworkPolicy;
  signal: AbortSignal;
  lookup?: HostLookup;
  /** Connect and handshake timeout. */
  timeoutMs?: number;
}

export type SftpSession = SftpClient;

function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** What went wrong, phrased for the execution log; never includes a credential. */
export function sftpError(error: unknown, what: string): Error {
  if (error instanceof NonRetryableError || error instanceof RetryableError) return error;
  const raw = error as { code?: string | number; message?: string; level?: string };
  const message = (raw.message ?? String(error)).replace(/^\w+(->|: )/, "").replace(/^\w+: /, "");
  const code = raw.code;
  if (raw.level === "client-authentication" || /authentication methods failed/i.test(message)) {
    return new NonRetryableError(`SFTP login refused for ${what}: check the username and the password or private key`, { errorName: "Switchyard.AuthFailed" });
  }
  if (code === 2 || code === "ENOENT" || /no such file/i.test(message))
    return new NonRetryableError(`SFTP: ${what}: no such file or directory`, { errorName: "Switchyard.FileNotFound" });
  if (code === 3 || code === "EACCES" || /permission denied/i.test(message)) return new NonRetryableError(`SFTP: ${what}: permission denied`);
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ETIMEDOUT" || code === "EHOSTUNREACH" || /timed out|reset/i.test(message)) {
    return new RetryableError(`SFTP: ${what}: ${message}`);
  }
  return new NonRetryableError(`SFTP: ${what}: ${message}`);
}

export async function withSftpSession<T>(credentials: SftpCredentials, options: SftpSessionOptions, work: (sftp: SftpSession) => Promise<T>): Promise<T> {
  const [address] = await checkHostDestination(credentials.host, credentials.port, options.network, options.lookup);
  const sftp = new SftpClient("switchyard");
  let fingerprintSeen: string | undefined;
  const abort = () => void sftp.end().catch(() => undefined);
  options.signal.addEventListener("abort", abort, { once: true });
  try {
    try {
      await sftp.connect({
        host: address!.address,
        port: credentials.port,
        username: credentials.username,
        ...(credentials.password !== undefined ? { password: credentials.password } : {}),
        ...(credentials.privateKey !== undefined ? { privateKey: credentials.privateKey } : {}),
        ...(credentials.passphrase !== undefined ? { passphrase: credentials.passphrase } : {}),
        readyTimeout: options.timeoutMs ?? 20_000,
        retries: 0,
        hostVerifier: (key: Buffer) => {
          fingerprintSeen = fingerprintOf(key);
          return credentials.hostFingerprint === undefined || credentials.hostFingerprint.trim() === fingerprintSeen;
        },
      });
    } catch (error) {
      if (credentials.hostFingerprint !== undefined && fingerprintSeen !== undefined && fingerprintSeen !== credentials.hostFingerprint.trim()) {
        throw new NonRetryableError(
          `SFTP server ${credentials.host}:${credentials.port} presented host key ${fingerprintSeen}, not the expected ${credentials.hostFingerprint.trim()}: refusing to connect`,
          { errorName: "Switchyard.HostKeyMismatch" },
        );
      }
      throw sftpError(error, `${credentials.host}:${credentials.port}`);
    }
    return await work(sftp);
  } finally {
    options.signal.removeEventListener("abort", abort);
    await sftp.end().catch(() => undefined);
  }
}

/**
 * Creates `directory` (and its parents) unless it exists. Two executions may race to create the
 * same `processed/` folder: losing that race is fine.
 */
export async function ensureDirectory(sftp: SftpSession, directory: string): Promise<void> {
  if (await sftp.exists(directory)) return;
  try {
    await sftp.mkdir(directory, true);
  } catch (error) {
    if ((await sftp.exists(directory)) !== "d") throw error;
  }
}

/** `/in/a.csv` → `/in`; POSIX paths as every SFTP server speaks them. */
export function parentOf(path: string): string {
  const index = path.replace(/\/+$/, "").lastIndexOf("/");
  return index <= 0 ? (path.startsWith("/") ? "/" : ".") : path.slice(0, index);
}

export function baseName(path: string): string {
  return path.replace(/\/+$/, "").split("/").pop() ?? path;
}

export function joinPath(directory: string, name: string): string {
  return `${directory.replace(/\/+$/, "")}/${name}`;
}

/** `*.csv`, `orders-??.xml`: the glob a folder listing is filtered by (no path separators). */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}
