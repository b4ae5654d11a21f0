/**
 * Wraps a tRPC caller so every answer it gets (and every error message) is kept, for tests that
 * look for secrets in whatever the API returned.
 */
export interface Recorded {
  path: string;
  value: unknown;
}

export function recordingCaller<T extends object>(caller: T, sink: Recorded[], path: string[] = []): T {
  const target = caller as unknown as ((...args: unknown[]) => Promise<unknown>) & Record<string, unknown>;
  return new Proxy((() => {}) as unknown as T, {
    get: (_ignored, key) => (typeof key === "string" && key !== "then" ? recordingCaller(target[key] as object, sink, [...path, key]) : undefined),
    apply: async (_ignored, _this, args: unknown[]) => {
      const name = path.join(".");
      try {
        const value = await target(...args);
        sink.push({ path: name, value });
        return value;
      } catch (error) {
        sink.push({ path: name, value: { error: (error as Error).message } });
        throw error;
      }
    },
  });
}
