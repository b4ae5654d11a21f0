import type { JobHelpers } from "graphile-worker";
import { describe, expect, it, vi } from "vitest";
import { JOBS } from "./job-catalog";
import { taskFor } from "./typed-task";

function helpersWithLog() {
  const error = vi.fn();
  const helpers = { job: { id: "42" }, logger: { error, warn: vi.fn(), info: vi.fn(), debug: vi.fn() } } as unknown as JobHelpers;
  return { helpers, error };
}

describe("job catalog", () => {
  it("names every task once", () => {
    const names = Object.values(JOBS).map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("execution:run");
  });

  it("checks the run job's payload and says which field is wrong", () => {
    expect(JOBS.runExecution.check({ executionId: "a", concurrencyKey: "q" })).toEqual({ ok: true, payload: { executionId: "a", concurrencyKey: "q" } });
    expect(JOBS.runExecution.check({ executionId: 7 })).toEqual({ ok: false, problem: "executionId: expected a non-empty string" });
    expect(JOBS.runExecution.check({ executionId: "a", concurrencyKey: 1 })).toEqual({ ok: false, problem: "concurrencyKey: expected a string" });
    expect(JOBS.runExecution.check(null)).toMatchObject({ ok: false });
  });

  it("checks a poll job's payload with its schema", () => {
    const job = { organizationId: "o", instanceId: "i", flowKey: "f", dueAt: "2026-12-07T10:00:00.000Z" };
    expect(JOBS.poll.check(job)).toEqual({ ok: true, payload: job });
    expect(JOBS.poll.check({ ...job, dueAt: "soon" })).toMatchObject({ ok: false, problem: expect.stringMatching(/^dueAt: /) });
    expect(JOBS.poll.check({ ...job, flowKey: undefined })).toMatchObject({ ok: false, problem: expect.stringMatching(/^flowKey: /) });
  });

  it("accepts what graphile-worker's crontab puts in a recurring job", () => {
    expect(JOBS.scheduleTick.check({ _cron: { ts: "2026-12-07T10:00:00.000Z", backfilled: false } }).ok).toBe(true);
    expect(JOBS.scheduleTick.check({}).ok).toBe(true);
  });
});

describe("taskFor", () => {
  it("runs the task with the parsed payload", async () => {
    const run = vi.fn(async () => undefined);
    const { helpers, error } = helpersWithLog();
    await taskFor(JOBS.settleLifecycle, run)({ organizationId: "o", instanceId: "i" }, helpers);
    expect(run).toHaveBeenCalledWith({ organizationId: "o", instanceId: "i" }, helpers);
    expect(error).not.toHaveBeenCalled();
  });

  it("logs an invalid payload as an error naming the task and the field, and ends the job without running it", async () => {
    const run = vi.fn(async () => undefined);
    const { helpers, error } = helpersWithLog();
    await expect(taskFor(JOBS.settleLifecycle, run)({ organizationId: "o" }, helpers)).resolves.toBeUndefined();
    expect(run).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('task "instances:settle-lifecycle" has an invalid payload (instanceId:'));
  });
});
