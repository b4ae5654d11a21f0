/**
 * Tenant isolation of every embed procedure: customer B (same organization) and customer C
 * (another organization) can neither read nor change what belongs to customer A. The list of
 * procedures comes from the router, so a new embed procedure fails here until it has a case.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/trpc/root";
import { embedIsolationCases as cases } from "@/server/testing/tenant-isolation/embed-cases";
import { createEmbedWorld, type EmbedWorld } from "@/server/testing/embed-test-setup";

const embedProcedures = Object.keys(appRouter._def.procedures).filter((path) => path.startsWith("embed."));

describe("embed procedures are scoped to the session's organization and customer", () => {
  let world: EmbedWorld;
  beforeAll(async () => {
    world = await createEmbedWorld();
  });

  it("has an isolation case for every embed procedure", () => {
    expect(embedProcedures.filter((path) => !(path in cases))).toEqual([]);
  });

  it.each(embedProcedures)("%s", async (path) => {
    await cases[path]!(world);
  });

  it("every embed procedure declares an output schema", () => {
    const missing = embedProcedures.filter((path) => {
      const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { output?: unknown } }>)[path];
      return procedure?._def.output === undefined;
    });
    expect(missing).toEqual([]);
  });
});
