import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { apiKeyFor, manualManifest } from "@/server/api/testing/call-route";
import { dispatchToRoutes } from "@/server/api/testing/dispatch";
import { runOperation } from "@/server/api/operation";
import { integrationOperations } from "@/server/api/operations/integrations";
import { findIntegrationByKey } from "@/server/modules/integrations/integrations.repo";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { runCli, type CliIo } from "./cli";

function io(files: Record<string, string>, env: CliIo["env"] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    env,
    fetch: dispatchToRoutes as typeof fetch,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readFile: async (f) => files[f] ?? readFile(f, "utf8"),
    readStdin: async () => "",
  };
  return { io: value, out, err };
}

describe("scripts/cli.ts", () => {
  it("validate: prints file:line:column: path: message and exits 1 on errors, 0 on the example", async () => {
    const broken = io({ "broken.yaml": manualManifest("cli-broken").replace("StartAt: Greet", "StartAt: Gret") });
    expect(await runCli(["validate", "broken.yaml"], broken.io)).toBe(1);
    expect(broken.err[0]).toBe('broken.yaml:14:14: flows[0].StartAt: no state named "Gret"; did you mean "Greet"?');
    const good = io({});
    expect(await runCli(["validate", "examples/github-zendesk/manifest.yaml"], good.io)).toBe(0);
    expect(good.out).toEqual(["examples/github-zendesk/manifest.yaml: ok (github-zendesk, 5 flows)"]);
    expect(await runCli(["frobnicate"], good.io)).toBe(2);
  });

  it("push and publish call the REST API with the key, and say what they did", async () => {
    const { organization } = await createOrganizationWithMember();
    const env = { SWITCHYARD_URL: "http://switchyard.test/", SWITCHYARD_API_KEY: await apiKeyFor(organization.id) };
    const key = uniqueKey("cli");
    const files = { "m.yaml": manualManifest(key) };
    const pushed = io(files, env);
    expect(await runCli(["push", "m.yaml"], pushed.io)).toBe(0);
    expect(pushed.out).toEqual([`pushed ${key} version 1 (draft, new)`]);
    const published = io(files, env);
    expect(await runCli(["publish", "m.yaml"], published.io)).toBe(0);
    expect(published.out).toEqual([`pushed ${key} version 1 (draft)`, `published ${key} version 1`]);
    const integration = await findIntegrationByKey(organization.id, key);
    expect((await runOperation(integrationOperations.get, organization.id, { id: integration!.id })).versions).toEqual([
      expect.objectContaining({ version: 1, status: "published" }),
    ]);

    const noKey = io(files, { SWITCHYARD_URL: env.SWITCHYARD_URL });
    expect(await runCli(["push", "m.yaml"], noKey.io)).toBe(1);
    expect(noKey.err[0]).toMatch(/SWITCHYARD_API_KEY/);
    const badKey = io(files, { ...env, SWITCHYARD_API_KEY: "sy_live_wrong" });
    expect(await runCli(["push", "m.yaml"], badKey.io)).toBe(1);
    expect(badKey.err[0]).toMatch(/push failed \(401\)/);
  });
});
