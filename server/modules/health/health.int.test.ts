import { describe, expect, inject, it } from "vitest";
import { checkHealth } from "./health.service";

describe("health", () => {
  it("reports database and queue healthy on a migrated database", async () => {
    const report = await checkHealth(inject("databaseUrl"));
    expect(report).toMatchObject({ status: "ok", database: { ok: true }, queue: { ok: true, pendingJobs: 0 } });
  });
});
