/**
 * Setting Switchyard up without a browser, each on a database of its own (set-up works only while
 * nobody exists): `POST /api/setup`, `npm run cli -- setup` (password from stdin or a file, never
 * an argument) and the first start with SETUP_* variables. Each prints the first API key once
 * and never the password.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { handleSetupRequest } from "@/server/api/setup-route";
import { integrationOperations } from "@/server/api/operations/integrations";
import { callRoute } from "@/server/api/testing/call-route";
import { useDatabase } from "@/server/db/client";
import { parseEnv, useRuntimeConfig } from "@/server/env";
import { setUpOnFirstStart } from "@/server/launcher/first-start-setup";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { testRuntimeConfig } from "@/server/testing/factories";
import { runCli, type CliIo } from "@/scripts/cli";

const { list: listIntegrations } = integrationOperations;

const PASSWORD = "correct horse battery staple";
const owner = { organizationName: "Initech", name: "Olive Owner", email: "olive@initech.test", password: PASSWORD };

afterAll(() => {
  useDatabase(inject("databaseUrl"));
  useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
});

/** A fresh database, with the sandbox off so no demo is seeded. */
async function freshInstall(prefix: string) {
  const url = await useFreshDatabase(prefix);
  const config = { ...testRuntimeConfig(url), sandboxEnabled: false };
  useRuntimeConfig(config);
  return config;
}

const setupRequest = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  handleSetupRequest(new Request("http://localhost:3999/api/setup", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }));

async function keyWorks(key: string) {
  const answer = await callRoute(listIntegrations, "/api/v1/integrations", { key });
  return answer.status === 200;
}

describe("POST /api/setup", () => {
  it("creates the organization, its owner and a first API key that works, once; bad input is named; another site cannot", async () => {
    await freshInstall("setup_route");
    expect((await setupRequest(owner, { "content-type": "text/plain" })).status).toBe(400);
    const crossSite = await setupRequest(owner, { "content-type": "application/json", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const short = await setupRequest({ ...owner, password: "short" });
    expect(short.status).toBe(400);
    const shortBody = await short.text();
    expect(shortBody).toContain("Password: Use at least 12 characters");
    expect(JSON.parse(shortBody)).toMatchObject({ error: { field: "password" } });
    expect(shortBody).not.toContain('short"');

    const created = await setupRequest(owner);
    expect(created.status).toBe(201);
    const answer = (await created.json()) as { organization: { name: string }; owner: { email: string }; apiKey: { key: string } };
    expect(answer).toMatchObject({
      organization: { name: "Initech" },
      owner: { email: "olive@initech.test" },
      apiKey: { key: expect.stringMatching(/^sy_live_/) },
    });
    expect(JSON.stringify(answer)).not.toContain(PASSWORD);
    expect(await keyWorks(answer.apiKey.key)).toBe(true);

    const again = await setupRequest({ ...owner, email: "mallory@example.com" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "CONFLICT", message: expect.stringContaining("already set up") } });
  });
});

describe("npm run cli -- setup", () => {
  function io(options: { stdin?: string; files?: Record<string, string> } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const value: CliIo = {
      env: { SWITCHYARD_URL: "http://localhost:3999" },
      fetch: (async (input: string | URL | Request, init?: RequestInit) => handleSetupRequest(new Request(input, init))) as typeof fetch,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      readFile: async (file) => {
        if (options.files?.[file] === undefined) throw new Error("ENOENT");
        return options.files[file];
      },
      readStdin: async () => options.stdin ?? "",
    };
    return { io: value, out, err };
  }
  const args = ["setup", "--organization", "Initech", "--name", "Olive Owner", "--email", "olive@initech.test"];

  it("refuses a password on the command line and asks for what is missing, before calling anything", async () => {
    const withPassword = io();
    expect(await runCli([...args, "--password", PASSWORD], withPassword.io)).toBe(1);
    expect(withPassword.err).toEqual(["setup takes no --password: give --password-file <file>, or send the password on stdin"]);
    const missing = io({ stdin: PASSWORD });
    expect(await runCli(["setup", "--organization", "Initech"], missing.io)).toBe(1);
    expect(missing.err).toEqual(["setup needs --name, --email"]);
    const noPassword = io();
    expect(await runCli(args, noPassword.io)).toBe(1);
    expect(noPassword.err[0]).toMatch(/no password on stdin/);
  });

  it("sets up from a password on stdin and prints only the API key on stdout; a second run is refused", async () => {
    await freshInstall("setup_cli");
    const first = io({ stdin: `${PASSWORD}\n` });
    expect(await runCli(args, first.io)).toBe(0);
    expect(first.out).toEqual([expect.stringMatching(/^sy_live_/)]);
    expect(first.err.join("\n")).toContain("Set up Initech with owner olive@initech.test");
    expect([...first.out, ...first.err].join("\n")).not.toContain(PASSWORD);
    expect(await keyWorks(first.out[0])).toBe(true);

    const second = io({ files: { "owner.password": `${PASSWORD}\n` } });
    expect(await runCli([...args, "--password-file", "owner.password"], second.io)).toBe(1);
    expect(second.err).toEqual([expect.stringContaining("setup failed (409): Switchyard is already set up")]);
    expect(second.out).toEqual([]);
  });
});

describe("first start with SETUP_* variables", () => {
  it("creates the owner and prints the first API key once, never the password; later starts create nothing", async () => {
    const config = await freshInstall("setup_env");
    const e = parseEnv({
      SETUP_ORGANIZATION: "Initech",
      SETUP_OWNER_NAME: "Olive Owner",
      SETUP_OWNER_EMAIL: "olive@initech.test",
      SETUP_OWNER_PASSWORD: PASSWORD,
    });
    const printed: string[] = [];
    await setUpOnFirstStart(e, config, (line) => printed.push(line));
    expect(printed).toEqual([
      "Set up Initech with owner olive@initech.test.",
      expect.stringMatching(/^The organization's first API key \(shown only now; keep it safe\): sy_live_\S+$/),
    ]);
    expect(printed.join("\n")).not.toContain(PASSWORD);
    expect(await keyWorks(printed[1].split(" ").at(-1)!)).toBe(true);

    const restarted: string[] = [];
    await setUpOnFirstStart(e, config, (line) => restarted.push(line));
    expect(restarted).toEqual([expect.stringContaining("SETUP_* variables ignored: Switchyard is already set up")]);
  });
});
