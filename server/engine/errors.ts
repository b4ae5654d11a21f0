/**
 * Errors as the flow language sees them: a name matched by Retry/Catch `ErrorEquals`, and a cause
 * shown to the user. Connector code throws ordinary errors or the three flow-runtime classes below;
 * `toStatesError` turns whatever was thrown into the ASL view.
 */

/** Error names the engine itself raises. `Switchyard.*` names are this platform's limits. */
export const ErrorNames = {
  ALL: "States.ALL",
  TaskFailed: "States.TaskFailed",
  Timeout: "States.Timeout",
  Runtime: "States.Runtime",
  IntrinsicFailure: "States.IntrinsicFailure",
  NoChoiceMatched: "States.NoChoiceMatched",
  ResultPathMatchFailure: "States.ResultPathMatchFailure",
  ParameterPathFailure: "States.ParameterPathFailure",
  BranchFailed: "States.BranchFailed",
  /** A state's input or output is larger than `limits.maxPayloadBytes` (AWS uses the same name for its 256 KiB limit). */
  DataLimitExceeded: "States.DataLimitExceeded",
  /** A Map state was given more items than `limits.maxMapItems`. */
  MapItemsLimitExceeded: "Switchyard.MapItemsLimitExceeded",
  /** One run (or one branch) entered more states than `limits.maxStatesVisited`: usually a loop. */
  StatesVisitedLimitExceeded: "Switchyard.StatesVisitedLimitExceeded",
  /** A WaitForEvent inside a Map/Parallel branch, or a Wait there longer than the in-process cap. */
  UnsupportedInBranch: "Switchyard.UnsupportedInBranch",
  /** The step's connection needs reconnecting by the customer; the execution parks until it is. */
  ReconnectRequired: "Switchyard.ReconnectRequired",
} as const;

/**
 * Errors no Retry or Catch can handle, as in AWS (States.Runtime, States.DataLimitExceeded):
 * they mean the definition or the platform limits are wrong, and retrying cannot help.
 */
const TERMINAL_ERRORS: ReadonlySet<string> = new Set([
  ErrorNames.Runtime,
  ErrorNames.DataLimitExceeded,
  ErrorNames.StatesVisitedLimitExceeded,
  ErrorNames.MapItemsLimitExceeded,
  ErrorNames.UnsupportedInBranch,
]);

export function isTerminalError(name: string): boolean {
  return TERMINAL_ERRORS.has(name);
}

/** An error with an ASL name, raised by the engine or by a Fail state. */
export class StatesError extends Error {
  constructor(
    name: string,
    override readonly cause: string,
    /** Set by NonRetryableError: Retry is skipped, Catch still applies. */
    readonly retryable = true,
    /** Set by RetryAfterError: replaces the computed backoff delay. */
    readonly retryAfterSeconds?: number,
  ) {
    super(cause);
    this.name = name;
  }
}

interface FlowErrorOptions {
  /** The ASL error name `ErrorEquals` matches; defaults to States.TaskFailed. */
  errorName?: string;
}

/** A failure worth retrying (a 5xx, a dropped connection). Retried according to the state's Retry. */
export class RetryableError extends Error {
  readonly errorName: string;
  constructor(message: string, options: FlowErrorOptions = {}) {
    super(message);
    this.name = "RetryableError";
    this.errorName = options.errorName ?? ErrorNames.TaskFailed;
  }
}

/** A failure retrying cannot fix (a 4xx, a validation error): Retry is skipped, Catch still applies. */
export class NonRetryableError extends Error {
  readonly errorName: string;
  constructor(message: string, options: FlowErrorOptions = {}) {
    super(message);
    this.name = "NonRetryableError";
    this.errorName = options.errorName ?? ErrorNames.TaskFailed;
  }
}

/**
 * The remote side said when to come back (HTTP 429/503 Retry-After). A matching retrier still
 * decides whether to retry and counts the attempt, but this delay replaces its backoff.
 */
export class RetryAfterError extends Error {
  readonly errorName: string;
  constructor(
    readonly retryAfterSeconds: number,
    message = `retry after ${retryAfterSeconds}s`,
    options: FlowErrorOptions = {},
  ) {
    super(message);
    this.name = "RetryAfterError";
    this.errorName = options.errorName ?? ErrorNames.TaskFailed;
  }
}

/**
 * The connection a step uses needs reconnecting (its refresh was refused, or the provider kept
 * answering 401 after a refresh): only the customer can fix it. Neither Retry nor Catch sees it;
 * the execution parks on the state and runs it again once the connection is reconnected. Callers
 * outside an execution (the wizard's data sources, deploy hooks) see a NonRetryableError.
 */
export class ReconnectRequiredError extends NonRetryableError {
  constructor(
    /** The manifest's connection key. */
    readonly connection: string,
    readonly reason: string,
  ) {
    super(`the connection "${connection}" needs reconnecting (${reason}); reconnect it`, { errorName: ErrorNames.ReconnectRequired });
    this.name = "ReconnectRequiredError";
  }
}

/**
 * The platform itself, not the flow, failed during a step: its database could not be reached
 * while an action looked up its connection, allow-list or instance state. Neither Retry nor Catch
 * sees it and nothing is committed: the runner stops, and the step runs again once the database
 * is back, with the same idempotency key.
 */
export class PlatformUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PlatformUnavailableError";
  }
}

// Names that say "some JavaScript went wrong" rather than naming a failure a flow could route on.
const GENERIC_ERROR_NAMES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"]);

/** Maps anything thrown by an action to its ASL view: a custom `error.name` is kept, the rest is States.TaskFailed. */
export function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  if (thrown instanceof RetryAfterError) return new StatesError(thrown.errorName, thrown.message, true, thrown.retryAfterSeconds);
  if (thrown instanceof NonRetryableError) return new StatesError(thrown.errorName, thrown.message, false);
  if (thrown instanceof RetryableError) return new StatesError(thrown.errorName, thrown.message);
  if (thrown instanceof Error) {
    if (thrown.name === "AbortError" || thrown.name === "TimeoutError") return new StatesError(ErrorNames.Timeout, thrown.message);
    const name = thrown.name && !GENERIC_ERROR_NAMES.has(thrown.name) ? thrown.name : ErrorNames.TaskFailed;
    return new StatesError(name, thrown.message);
  }
  return new StatesError(ErrorNames.TaskFailed, typeof thrown === "string" ? thrown : (JSON.stringify(thrown) ?? String(thrown)));
}

/** The `{ Error, Cause }` object a Catch places at its ResultPath. */
export function errorOutput(error: StatesError): { Error: string; Cause: string } {
  return { Error: error.name, Cause: error.cause };
}

/**
 * A connection may not be called now: its rate budget is spent, or the provider asked for a pause
 * (429 with Retry-After). Not a flow error: neither Retry nor Catch sees it, no attempt is counted,
 * and the runner parks the execution at the same state until `until` without holding a worker; the
 * state then runs again with the same idempotency key.
 */
export class ConnectionThrottledError extends Error {
  constructor(
    readonly until: Date,
    /** Says which connection and why, for the execution's log (no secrets). */
    readonly reason: string,
  ) {
    super(reason);
    this.name = "ConnectionThrottledError";
  }
}

/** Conditions of the platform rather than the flow: they stop the step (and its branches) instead of failing it. */
export function isPlatformCondition(error: unknown): error is PlatformUnavailableError | ConnectionThrottledError {
  return error instanceof PlatformUnavailableError || error instanceof ConnectionThrottledError;
}
