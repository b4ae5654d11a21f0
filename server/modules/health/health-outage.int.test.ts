/**
 * The health check's own connections when Postgres goes away under them: the process lives on
 * (an unhandled 'error' from the pool would end it), the check says the database is unavailable,
 * and it is healthy again once Postgres is back. On a Postgres cluster of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPostgres, type TestPostgres } from "@/server/testing/test-postgres";
import { checkHealth } from "./health.service";

let cluster: TestPostgres;
let databaseUrl: string;
const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  cluster = await startTestPostgres();
  databaseUrl = await cluster.freshDatabase("health_outage");
  process.on("uncaughtException", record);
});

afterAll(async () => {
  process.off("uncaughtException", record);
  await cluster?.stop();
});

describe("health check during a database outage", () => {
  it("survives Postgres going away with idle connections open, reports it, and recovers", async () => {
    expect((await checkHealth(databaseUrl)).status).toBe("ok");
    await cluster.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const down = await checkHealth(databaseUrl);
    expect(down.status).toBe("unavailable");
    expect(down.database.ok).toBe(false);
    await cluster.resume();
    expect((await checkHealth(databaseUrl)).status).toBe("ok");
    expect(uncaught).toEqual([]);
  });
});
