import { describe, expect, it } from "vitest";
import { ConnectionThrottledError } from "@/server/engine/errors";
import { connectionGate } from "./connection-gate";

const T = Date.parse("2026-12-07T12:00:00Z");
const connection = (pausedUntil: Date | null) => ({
  key: "zendesk",
  connector: "zendesk",
  auth: { kind: "none" as const },
  stored: { id: "0190aaaa-0000-7000-8000-000000000001", pausedUntil },
});

function gateFor(pausedUntil: Date | null) {
  const slept: number[] = [];
  const gate = connectionGate({
    organizationId: "0190aaaa-0000-7000-8000-000000000002",
    connection: connection(pausedUntil),
    budget: undefined,
    sleep: async (ms) => void slept.push(ms),
    now: () => T,
  });
  return { gate: gate!, slept };
}

describe("a connection's gate without a budget", () => {
  it("is absent for a connection that is not a stored one", () => {
    expect(connectionGate({ organizationId: "o", connection: { key: "api", connector: "http", auth: { kind: "none" } }, budget: undefined })).toBeUndefined();
  });

  it("lets calls go at once while the provider asked for no pause", async () => {
    const { gate, slept } = gateFor(null);
    await gate.beforeRequest();
    expect(slept).toEqual([]);
  });

  it("waits out a pause of a second or less, and parks the execution for a longer one, saying until when", async () => {
    const short = gateFor(new Date(T + 400));
    await short.gate.beforeRequest();
    expect(short.slept).toEqual([400]);

    const long = gateFor(new Date(T + 30_000));
    const error = await long.gate.beforeRequest().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionThrottledError);
    expect((error as ConnectionThrottledError).until).toEqual(new Date(T + 30_000));
    expect((error as Error).message).toBe('the provider asked to pause calls on the connection "zendesk" until 2026-12-07T12:00:30Z');
    expect(long.slept).toEqual([]);
  });
});
