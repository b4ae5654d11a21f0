import pino from "pino";
import { isSecretKey, REDACTED } from "@/server/text/redact";
import { processSingleton } from "@/server/process-singleton";

/**
 * Paths pino blanks out wherever they appear in a log line. Anything that can hold a credential
 * is listed here so a careless `log.info({ connection })` cannot leak it.
 */
export const redactedPaths = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "secret",
  "*.secret",
  "*.*.secret",
  "clientSecret",
  "*.clientSecret",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "*.*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "*.*.refreshToken",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
  "credentials",
  "*.credentials",
  "sessionSecret",
  "encryptionKey",
  "databaseUrl",
];

/**
 * Beyond the fixed paths: any field, at any depth, whose name says it holds a secret
 * (`signingSecret`, `apiToken`, `x-api-key`, `clientSecret` inside a step's config…).
 */
export function redactSecretFields(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object" || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecretFields(item, depth + 1));
  if (value instanceof Error) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      isSecretKey(key) && inner !== null && inner !== undefined && inner !== "" ? REDACTED : redactSecretFields(inner, depth + 1),
    ]),
  );
}

export type Logger = pino.Logger;

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? "switchyard",
      level: options.level ?? "info",
      redact: { paths: redactedPaths, censor: REDACTED },
      formatters: { log: (object) => redactSecretFields(object) as Record<string, unknown> },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** One per process, whichever copy of this module asks (server/process-singleton.ts). */
const holder = processSingleton<{ shared?: Logger }>("logger", () => ({}));

/** The process-wide logger; its level is set once by whoever starts the process. */
export function logger(): Logger {
  holder.shared ??= createLogger({ level: process.env.LOG_LEVEL ?? "info" });
  return holder.shared;
}

export function setLogger(next: Logger): void {
  holder.shared = next;
}

/**
 * `parent.child(bindings)`, made only when something is logged through it. A child logger costs
 * its bindings' redaction when it is made; a runner makes one or two per action call and most are
 * never written to. Children of a deferred child are deferred too.
 */
export function deferredChild(parent: Logger, bindings: pino.Bindings): Logger {
  let made: Logger | undefined;
  const real = () => (made ??= parent.child(bindings));
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (property === "child" && !made) {
        return (more: pino.Bindings, options?: pino.ChildLoggerOptions) =>
          options ? real().child(more, options) : deferredChild(parent, { ...bindings, ...more });
      }
      const value: unknown = Reflect.get(real(), property);
      return typeof value === "function" ? value.bind(real()) : value;
    },
  });
}
