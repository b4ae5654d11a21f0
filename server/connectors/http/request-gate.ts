/**
 * What the platform may put in front of a connection's HTTP calls (the runtime's connection gate,
 * server/runtime/connection-gate.ts): each attempt waits for the connection's rate budget, and a
 * provider's 429 with Retry-After pauses the connection. Connectors never see it; the HTTP client
 * asks it.
 */
export interface RequestGate {
  /** The longest a 429's Retry-After is waited out in-process; a longer one parks the execution. */
  maxInProcessWaitMs: number;
  /** Before each attempt: resolves when the call may go, or throws (ConnectionThrottledError) to park the execution. */
  beforeRequest(signal?: AbortSignal): Promise<void>;
  /**
   * The provider answered 429 with Retry-After: the connection's calls pause that long, for every
   * flow using it. Answers the error to throw when this call does not wait in-process.
   */
  providerPaused(retryAfterMs: number, providerName: string): Promise<Error>;
}
