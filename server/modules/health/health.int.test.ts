import { describe, expect, it } from "vitest";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { checkHealth } from "./health.service";

describe("health", () => {
  it("reports database and queue healthy on a migrated database", async () => {
    // Its own database: other test files leave jobs queued on the shared one.
    const report = await checkHealth(await useFreshDatabase("health"));
    expect(report).toMatchObject({ status: "ok", database: { ok: true }, queue: { ok: true, pendingJobs: 0 } });
  });
});
