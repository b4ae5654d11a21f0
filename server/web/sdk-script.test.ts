/** The SDK's script answered by the front door itself, on a real socket. */
import http from "node:http";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSdkScript } from "./sdk-script";
import { frontDoor } from "./web-server";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function start(root: string): Promise<string> {
  const next = async (_req: http.IncomingMessage, res: http.ServerResponse) => void res.writeHead(200, { "content-type": "text/plain" }).end("from next");
  const server = http.createServer(frontDoor(next, [], loadSdkScript(root)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function builtRoot(script: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "sdk-script-"));
  mkdirSync(path.join(root, "public"));
  writeFileSync(path.join(root, "public", "embed.js"), script);
  return root;
}

describe("the SDK script from the front door", () => {
  it("serves the built bundle as JavaScript with an ETag, and a 304 to a browser that has it", async () => {
    const origin = await start(builtRoot("window.Switchyard={};"));
    const first = await fetch(`${origin}/embed.js?v=1`);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe("window.Switchyard={};");
    expect(first.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("cache-control")).toBe("public, max-age=300");
    const again = await fetch(`${origin}/embed.js`, { headers: { "if-none-match": first.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${origin}/embed.js`, { method: "POST" })).status).toBe(405);
    // Everything else still goes to the app.
    expect(await (await fetch(`${origin}/embed.jsx`)).text()).toBe("from next");
  });

  it("leaves the path to the app when the bundle has not been built", async () => {
    const origin = await start(mkdtempSync(path.join(os.tmpdir(), "sdk-script-none-")));
    expect(await (await fetch(`${origin}/embed.js`)).text()).toBe("from next");
  });
});
