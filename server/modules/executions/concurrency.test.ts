import { describe, expect, it } from "vitest";
import { executionConcurrency } from "./concurrency";

const instance = "0190aaaa-0000-7000-8000-000000000001";

describe("the queue a new execution waits in", () => {
  it("is none for a parallel flow, written or by default", () => {
    expect(executionConcurrency(instance, { key: "sync" }, {})).toBeNull();
    expect(executionConcurrency(instance, { key: "sync", concurrency: { mode: "parallel" } }, {})).toBeNull();
  });

  it("is the instance's flow for a throttled flow, with its max", () => {
    expect(executionConcurrency(instance, { key: "sync", concurrency: { mode: "throttled", max: 2 } }, { body: { id: 1 } })).toEqual({
      key: `${instance}/sync`,
      limit: 2,
    });
  });

  it("is one queue per key value for fifo, one at a time", () => {
    const flow = { key: "tickets", concurrency: { mode: "fifo" as const, key: "$.body.ticket.id" } };
    const of = (id: unknown) => executionConcurrency(instance, flow, { body: { ticket: { id } } });
    expect(of(42)).toEqual({ key: `${instance}/tickets#42`, limit: 1 });
    expect(of("42")?.key).toBe(of(42)?.key);
    expect(of(43)?.key).not.toBe(of(42)?.key);
    // Events without the key share one queue of their own.
    expect(executionConcurrency(instance, flow, { body: {} })).toEqual({ key: `${instance}/tickets#`, limit: 1 });
    // A huge value is hashed: the queue's key stays short.
    expect(of("x".repeat(5000))!.key.length).toBeLessThan(200);
  });

  it("is the whole flow for fifo without a key", () => {
    expect(executionConcurrency(instance, { key: "ledger", concurrency: { mode: "fifo" } }, { a: 1 })).toEqual({ key: `${instance}/ledger`, limit: 1 });
  });
});
