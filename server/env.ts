/**
 * The only reader of process.env. Every setting is validated once; a bad value stops the start
 * with a message naming the variable and what it expects. Everything else receives configuration
 * as arguments (tests pass their own).
 */
import path from "node:path";
import { z } from "zod";
import { trustedProxyProblem } from "@/server/http/client-address";

const port = (fallback: number) =>
  z.coerce
    .number({ message: "expected a port number" })
    .int("expected a whole number")
    .min(1, "expected a port between 1 and 65535")
    .max(65535, "expected a port between 1 and 65535")
    .default(fallback);

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/.+/.test(value), "expected a URL like postgres://user:password@host:5432/database");

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
const trustedProxies = z.string().transform((value, context) => {
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

/** How many days an execution parked for a reconnect waits before it fails, unless RECONNECT_WAIT_DAYS says otherwise. */
export const DEFAULT_RECONNECT_WAIT_DAYS = 7;

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
  WORKER_CONCURRENCY: z.coerce.number().int().min(1, "expected at least 1").max(1000, "expected at most 1000").default(200),
  SANDBOX_ENABLED: sandboxMode.optional(),
  EXECUTION_LEASE_SECONDS: z.coerce.number().min(1, "expected at least 1 second").max(3600).default(30),
  /** How long an execution waits for a broken connection to be reconnected before it fails. */
  RECONNECT_WAIT_DAYS: z.coerce
    .number()
    .int("expected whole days")
    .min(1, "expected at least 1 day")
    .max(365, "expected at most 365 days")
    .default(DEFAULT_RECONNECT_WAIT_DAYS),
  WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024, "expected at least 1024 bytes")
    .max(100 * 1024 * 1024, "expected at most 100 MiB")
    .default(25 * 1024 * 1024),
  WEBHOOK_INLINE_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024, "expected at least 1024 bytes")
    .max(200 * 1024, "expected at most 204800 bytes (200 KiB): the body must leave room in a state's 256 KiB")
    .default(128 * 1024),
  BLOB_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024, "expected at least 1024 bytes")
    .max(512 * 1024 * 1024, "expected at most 512 MiB")
    .default(10 * 1024 * 1024),
  /**
   * The per-endpoint ingest limit sits far above real traffic: it stops a runaway sender (a loop, a
   * flood), never a busy customer, because providers such as GitHub never redeliver what was refused.
   * Fairness between customers is applied where work is scheduled (server/modules/executions/fair-priority.ts).
   */
  WEBHOOK_RATE_LIMIT_PER_SECOND: z.coerce.number().positive("expected a positive number").default(1000),
  WEBHOOK_RATE_LIMIT_BURST: z.coerce.number().int().min(1, "expected at least 1").default(20_000),
  TOOL_CALL_RATE_LIMIT_PER_SECOND: z.coerce.number().positive("expected a positive number").default(5),
  TOOL_CALL_RATE_LIMIT_BURST: z.coerce.number().int().min(1, "expected at least 1").default(50),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  TRUSTED_PROXIES: trustedProxies.default([]),
  /** Enables `POST /api/runner` (the flow runner route for hosts without a worker); callers send it as a bearer token. */
  RUNNER_SECRET: z.string().min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** How long one call of the flow runner route runs jobs at most. */
  RUNNER_MAX_SECONDS: z.coerce.number().min(1, "expected at least 1 second").max(900, "expected at most 900 seconds").default(25),
  /** First start without a browser: the organization and owner to create when nobody exists yet. */
  SETUP_ORGANIZATION: z.string().trim().min(2, "expected an organization name of at least 2 characters").optional(),
  SETUP_OWNER_NAME: z.string().trim().min(1).optional(),
  SETUP_OWNER_EMAIL: z.email("expected an e-mail address").optional(),
  SETUP_OWNER_PASSWORD: z.string().optional(),
  SETUP_OWNER_PASSWORD_FILE: z.string().optional(),
  /** Enables `GET /api/metrics` (Prometheus text format); scrapers send it as a bearer token. */
  METRICS_TOKEN: z.string().min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** OpenTelemetry's own variables: traces are exported by OTLP/HTTP only when an endpoint is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, message: "expected the OTLP/HTTP base URL of a collector, like http://localhost:4318" })
    .optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ protocol: /^https?$/, message: "expected the full OTLP/HTTP traces URL, like http://localhost:4318/v1/traces" })
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("switchyard"),
  OTEL_SDK_DISABLED: z.enum(["true", "false"], { message: "expected true or false" }).default("false"),
  OTEL_TRACES_SAMPLER: z
    .enum(["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"], {
      message: "expected always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio",
    })
    .default("parentbased_always_on"),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0, "expected a ratio between 0 and 1").max(1, "expected a ratio between 0 and 1").optional(),
  /** How often finished spans are sent, in milliseconds. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0, "expected milliseconds (0 or more)").max(600_000, "expected at most 600000 ms").default(5000),
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
        const shown = got === undefined || /SECRET|KEY|URL|PASSWORD|TOKEN|ENDPOINT/.test(name) ? "" : ` (got "${got}")`;
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
  /** RECONNECT_WAIT_DAYS. */
  reconnectWaitDays: number;
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
    sandbox === "local" &&
      !isLoopbackUrl(publicUrlOf(e)) &&
      `SANDBOX_ENABLED: "local" serves the sandbox to this machine only, so PUBLIC_URL must be on it too (localhost, 127.0.0.1 or [::1]); use true to open it to anyone who can reach ${publicUrlOf(e)}, or false`,
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
    reconnectWaitDays: e.RECONNECT_WAIT_DAYS,
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
  /** Bodies larger than this are kept as a file and reach flows as a reference (`$.body.$blob`). */
  inlineBodyBytes: number;
  rateLimit: { perSecond: number; burst: number };
}

export function webhookSettings(e: Env = env()): WebhookSettings {
  return {
    publicUrl: publicUrlOf(e),
    maxBodyBytes: e.WEBHOOK_MAX_BYTES,
    inlineBodyBytes: e.WEBHOOK_INLINE_BODY_BYTES,
    rateLimit: { perSecond: e.WEBHOOK_RATE_LIMIT_PER_SECOND, burst: e.WEBHOOK_RATE_LIMIT_BURST },
  };
}

/** Calls per second each customer may make to its tools (actions API and MCP together), and the burst allowed at once. */
export function toolCallRateLimit(e: Env = env()): { perSecond: number; burst: number } {
  return { perSecond: e.TOOL_CALL_RATE_LIMIT_PER_SECOND, burst: e.TOOL_CALL_RATE_LIMIT_BURST };
}

/** The flow runner route's settings: its secret (the route is off without one) and its time budget. */
export function runnerSettings(e: Env = env()): { secret: string | null; maxMs: number; concurrency: number } {
  return { secret: e.RUNNER_SECRET ?? null, maxMs: e.RUNNER_MAX_SECONDS * 1000, concurrency: e.WORKER_CONCURRENCY };
}

/** Where traces go, and which are kept; null when tracing is off (no OTLP endpoint, or OTEL_SDK_DISABLED=true). */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL (`<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces` unless the traces endpoint is set). */
  url: string;
  serviceName: string;
  sampler: Env["OTEL_TRACES_SAMPLER"];
  /** For the ratio samplers: the share of traces kept (1 when not set). */
  ratio: number;
  /** How often finished spans are sent (OTEL_BSP_SCHEDULE_DELAY). */
  exportDelayMs: number;
}

export function tracingSettings(e: Env = env()): TracingSettings | null {
  if (e.OTEL_SDK_DISABLED === "true") return null;
  const url =
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, "")}/v1/traces` : undefined);
  if (!url) return null;
  return {
    url,
    serviceName: e.OTEL_SERVICE_NAME,
    sampler: e.OTEL_TRACES_SAMPLER,
    ratio: e.OTEL_TRACES_SAMPLER_ARG ?? 1,
    exportDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
  };
}

/** The metrics route's token; the route answers 404 without one. */
export function metricsToken(e: Env = env()): string | null {
  return e.METRICS_TOKEN ?? null;
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
