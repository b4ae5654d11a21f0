import pino from "pino";

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

export type Logger = pino.Logger;

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? "switchyard",
      level: options.level ?? "info",
      redact: { paths: redactedPaths, censor: "[redacted]" },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

let shared: Logger | undefined;

/** The process-wide logger; its level is set once by whoever starts the process. */
export function logger(): Logger {
  shared ??= createLogger({ level: process.env.LOG_LEVEL ?? "info" });
  return shared;
}

export function setLogger(next: Logger): void {
  shared = next;
}
