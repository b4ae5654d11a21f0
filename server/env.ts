/**
 * The only reader of process.env. Every setting is validated once; a bad value stops the start
 * with a message naming the variable and what it expects. Everything else receives configuration
 * as arguments (tests pass their own).
 */
import path from "node:path";
import { z } from "zod";
import { trustedProxyProblem } from "@/server/web/client-address";

const port = (fallback: number) =>
  z.coerce
    .number({ message: "expected a port number" })
    .int("expected a whole number")
    .min(1, "expected a port between 1 and 65535")
    .max(65535, "expected a port between 1 and 65535")
    .default(fallback);

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), "expected a URL like postgres://user:password@host:5432/database");

/** A 32-byte key, written as 64 hex characters or base64. */
const encryptionKey = z.string().refine((value) => decodeKey(value) !== null, {
  message: "expected 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)",
});

/** Keys being rotated out: still read, never used for new values. Separated by commas or spaces. */
const previousEncryptionKeys = z
  .string()
  .refine((value) => splitKeys(value).every((k) => decodeKey(k) !== null), {
    message: "expected keys of 32 bytes (64 hex characters or base64), separated by commas",
  })
  .transform((value) => splitKeys(value));

/** Proxies whose X-Forwarded-For is believed: CIDRs or addresses, separated by commas or spaces. */
const trustedProxies = z
  .string()
  .transform((value, context) => {
    const entries = splitKeys(value);
    for (const entry of entries) {
      const problem = trustedProxyProblem(entry);
      if (problem) context.addIssue({ code: "custom", message: `expected IP addresses or CIDRs separated by commas: ${problem}` });
    }
    return entries;
  });

/** `true`: on for anyone; `local`: on for clients on this machine only; `false`: off. */
export type SandboxMode = "on" | "local" | "off";
const sandboxMode = z
  .enum(["true", "false", "1", "0", "yes", "no", "local"], { message: "expected true, false or local" })
  .transform((value): SandboxMode => (value === "local" ? "local" : value === "true" || value === "1" || value === "yes" ? "on" : "off"));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: postgresUrl.optional(),
  PORT: port(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url({ message: "expected an absolute URL like https://switchyard.example.com" }).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_POSTGRES_PORT: port(54329),
  SESSION_SECRET: z.string().min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  ENCRYPTION_KEY: encryptionKey.optional(),
  ENCRYPTION_KEY_PREVIOUS: previousEncryptionKeys.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Executions one worker process runs at once (its slots); flows mostly wait on HTTP, so many (bench/README.md). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1, "expected at least 1").max(1000, "expected at most 1000").default(50),
  SANDBOX_ENABLED: sandboxMode.optional(),
  EXECUTION_LEASE_SECONDS: z.coerce.number().min(1, "expected at least 1 second").max(3600).default(30),
  WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024, "expected at least 1024 bytes").max(100 * 1024 * 1024, "expected at most 100 MiB").default(1024 * 1024),
  BLOB_MAX_BYTES: z.coerce.number().int().min(1024, "expected at least 1024 bytes").max(512 * 1024 * 1024, "expected at most 512 MiB").default(10 * 1024 * 1024),
  WEBHOOK_RATE_LIMIT_PER_SECOND: z.coerce.number().positive("expected a positive number").default(20),
  WEBHOOK_RATE_LIMIT_BURST: z.coerce.number().int().min(1, "expected at least 1").default(200),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  TRUSTED_PROXIES: trustedProxies.default([]),
  /** Enables `POST /api/runner` (the flow runner route for hosts without a worker); callers send it as a bearer token. */
  RUNNER_SECRET: z.string().min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** How long one call of the flow runner route runs jobs at most. */
  RUNNER_MAX_SECONDS: z.coerce.number().min(1, "expected at least 1 second").max(900, "expected at most 900 seconds").default(25),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (a common result of `FOO= npm start`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const got = cleaned[name];
        const shown = got === undefined || /SECRET|KEY|URL/.test(name) ? "" : ` (got "${got}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The process's configuration, validated on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Settings a web or worker process needs once the launcher has resolved the database and secrets. */
export interface RuntimeConfig {
  databaseUrl: string;
  sessionSecret: string;
  encryptionKey: Buffer;
  /** Keys values may still be sealed with while a rotation is under way (read, never written). */
  previousEncryptionKeys: Buffer[];
  publicUrl: string;
  /** /sandbox is served (simulated providers, the demo vendor page)… */
  sandboxEnabled: boolean;
  /** …to clients on this machine only (SANDBOX_ENABLED=local, the embedded default). */
  sandboxLocalOnly: boolean;
  logLevel: Env["LOG_LEVEL"];
  workerConcurrency: number;
  executionLeaseMs: number;
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
}

let runtimeCached: RuntimeConfig | undefined;

/**
 * The process's resolved configuration. The web process reads it from the environment the launcher
 * gave it; the launcher's own worker (embedded mode) and `npm run worker` install theirs with
 * `useRuntimeConfig` after resolving the database and secrets.
 */
export function runtimeConfig(): RuntimeConfig {
  runtimeCached ??= buildRuntimeConfig(env());
  return runtimeCached;
}

export function useRuntimeConfig(config: RuntimeConfig): void {
  runtimeCached = config;
}

/**
 * Combines validated settings with what the launcher resolved itself (embedded database URL,
 * secrets generated into the data directory). Missing required values are reported together.
 */
export function buildRuntimeConfig(
  e: Env,
  resolved: { databaseUrl?: string; sessionSecret?: string; encryptionKey?: string; previousEncryptionKeys?: string[]; sandboxDefault?: boolean } = {},
): RuntimeConfig {
  const databaseUrl = e.DATABASE_URL ?? resolved.databaseUrl;
  const sessionSecret = e.SESSION_SECRET ?? resolved.sessionSecret;
  const key = e.ENCRYPTION_KEY ?? resolved.encryptionKey;
  const sandbox = sandboxModeOf(e, resolved.sandboxDefault ?? false);
  const missing = [
    !databaseUrl && "DATABASE_URL: required (npm start sets it when it runs the embedded Postgres)",
    sandbox === "local" && !isLoopbackUrl(publicUrlOf(e)) && `SANDBOX_ENABLED: "local" serves the sandbox to this machine only, so PUBLIC_URL must be on it too (localhost, 127.0.0.1 or [::1]); use true to open it to anyone who can reach ${publicUrlOf(e)}, or false`,
    !sessionSecret && "SESSION_SECRET: required with an external database (at least 32 characters, e.g. `openssl rand -base64 32`)",
    !key && "ENCRYPTION_KEY: required with an external database (32 bytes as hex or base64, e.g. `openssl rand -base64 32`)",
  ].filter((p): p is string => Boolean(p));
  if (missing.length > 0) throw new EnvError(missing);
  return {
    databaseUrl: databaseUrl!,
    sessionSecret: sessionSecret!,
    encryptionKey: decodeKey(key!)!,
    previousEncryptionKeys: [...(e.ENCRYPTION_KEY_PREVIOUS ?? []), ...(resolved.previousEncryptionKeys ?? [])].map((k) => decodeKey(k)!).filter(Boolean),
    publicUrl: publicUrlOf(e),
    sandboxEnabled: sandbox !== "off",
    sandboxLocalOnly: sandbox === "local",
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    executionLeaseMs: e.EXECUTION_LEASE_SECONDS * 1000,
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMinutes: e.LOGIN_WINDOW_MINUTES,
    },
  };
}

/**
 * The sandbox as configured, or by default: with the embedded database (a laptop demo) it is on
 * for this machine only, unless PUBLIC_URL says the install is meant to be reached from elsewhere;
 * with an external database it is off.
 */
function sandboxModeOf(e: Env, embeddedDefault: boolean): SandboxMode {
  if (e.SANDBOX_ENABLED) return e.SANDBOX_ENABLED;
  return embeddedDefault && isLoopbackUrl(publicUrlOf(e)) ? "local" : "off";
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Where people and providers reach this deployment (webhook endpoint URLs, OAuth callbacks). */
export function publicUrlOf(e: Env): string {
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

/** Ingest settings; unlike runtimeConfig() they need no database or secrets to be resolved. */
export interface WebhookSettings {
  publicUrl: string;
  maxBodyBytes: number;
  rateLimit: { perSecond: number; burst: number };
}

export function webhookSettings(e: Env = env()): WebhookSettings {
  return {
    publicUrl: publicUrlOf(e),
    maxBodyBytes: e.WEBHOOK_MAX_BYTES,
    rateLimit: { perSecond: e.WEBHOOK_RATE_LIMIT_PER_SECOND, burst: e.WEBHOOK_RATE_LIMIT_BURST },
  };
}

/** The flow runner route's settings: its secret (the route is off without one) and its time budget. */
export function runnerSettings(e: Env = env()): { secret: string | null; maxMs: number; concurrency: number } {
  return { secret: e.RUNNER_SECRET ?? null, maxMs: e.RUNNER_MAX_SECONDS * 1000, concurrency: e.WORKER_CONCURRENCY };
}

/** The largest file (blob) a flow may store: a built CSV, an SFTP download, an email attachment. */
export function maxBlobBytes(e: Env = env()): number {
  return e.BLOB_MAX_BYTES;
}

export function dataDirectory(e: Env = env()): string {
  return path.resolve(e.DATA_DIR);
}

function splitKeys(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, "base64");
    if (bytes.length === 32) return bytes;
  }
  return null;
}
