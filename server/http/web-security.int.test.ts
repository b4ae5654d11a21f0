/**
 * Web security of the console, the sandbox and the headless API, through the real tRPC router and
 * route handlers: cross-site changes with the console's cookie are refused (CSRF), the sandbox
 * answers only the clients it is on for, API keys are stored only as hashes.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { POST as createGithubToken } from "@/app/sandbox/github/tokens/route";
import { db } from "@/server/db/client";
import { useRuntimeConfig } from "@/server/env";
import { createApiKey } from "@/server/modules/api-keys/api-keys.service";
import { createOrganizationWithMember, TEST_SESSION_SECRET, testRuntimeConfig } from "@/server/testing/factories";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

function consoleCaller(userId: string, headers: Record<string, string>) {
  return createCaller(
    createContext({ headers: new Headers({ host: "console.vendor.test", ...headers }), consoleUserId: async () => userId, sessionSecret: TEST_SESSION_SECRET }),
  );
}

const customer = () => ({ externalId: `csrf-${randomBytes(4).toString("hex")}` });

describe("console CSRF protection", () => {
  it("refuses a change another site's page makes with the console's cookie, and says why", async () => {
    const { user } = await createOrganizationWithMember();
    const forged: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://sub.vendor.test" },
      { origin: "null" },
    ];
    for (const headers of forged) {
      await expect(consoleCaller(user.id, headers).customers.create(customer()), JSON.stringify(headers)).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(/^Refused a cross-site request: /),
      });
    }
    await expect(
      consoleCaller(user.id, { origin: "https://evil.example" }).connections.disconnect({ id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("accepts changes from the console's own pages and reads from anywhere", async () => {
    const { user } = await createOrganizationWithMember();
    await expect(
      consoleCaller(user.id, { origin: "http://console.vendor.test", "sec-fetch-site": "same-origin" }).customers.create(customer()),
    ).resolves.toMatchObject({ id: expect.any(String) });
    await expect(
      consoleCaller(user.id, {
        "x-forwarded-host": "switchyard.vendor.test",
        host: "10.0.0.5:3000",
        origin: "https://switchyard.vendor.test",
      }).customers.create(customer()),
    ).resolves.toBeTruthy();
    // Not a browser (no Origin, no Sec-Fetch-Site): no ambient cookie to borrow.
    await expect(consoleCaller(user.id, {}).customers.create(customer())).resolves.toBeTruthy();
    // Reading cross-site is the browser's business (CORS): nothing changes.
    await expect(consoleCaller(user.id, { origin: "https://evil.example" }).customers.list({})).resolves.toMatchObject({ data: expect.any(Array) });
  });

  it("does not get in the way of bearer-token callers", async () => {
    const { organization } = await createOrganizationWithMember();
    const { key } = await createApiKey(organization.id, "server");
    const caller = createCaller(
      createContext({ headers: new Headers({ authorization: `Bearer ${key}`, origin: "https://backend.vendor.test" }), sessionSecret: TEST_SESSION_SECRET }),
    );
    await expect(caller.api.customers.create(customer())).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe("the sandbox on for this machine only (the embedded default)", () => {
  it("answers the clients the front door found on this machine and is a 404 to everyone else", async () => {
    useRuntimeConfig({ ...testRuntimeConfig(inject("databaseUrl")), sandboxLocalOnly: true });
    try {
      const mint = (headers: Record<string, string>) =>
        createGithubToken(new Request("http://localhost:3999/sandbox/github/tokens", { method: "POST", headers, body: "{}" }));
      // What the front door (server/web/web-server.ts) tells the app for a browser on this machine, and for one elsewhere.
      expect((await mint({ "x-forwarded-for": "127.0.0.1", "x-switchyard-local-client": "1" })).status).toBe(201);
      expect((await mint({ "x-forwarded-for": "203.0.113.9" })).status).toBe(404);
      // Past the front door (no client established): nobody is local.
      expect((await mint({})).status).toBe(404);
    } finally {
      useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
    }
  });
});

describe("API keys at rest", () => {
  it("stores only a SHA-256 hash and a display prefix, never the key", async () => {
    const { organization } = await createOrganizationWithMember();
    const { key, id } = await createApiKey(organization.id, "ci");
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM api_key WHERE id = $1::uuid", id);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(-20));
    expect(stored).toMatch(/[0-9a-f]{64}/);
  });
});
