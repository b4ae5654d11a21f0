import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { bootScript } from "./boot-script";
import { EXCHANGE_URL, exchangeBody } from "./exchange-request";

const ORIGIN = "https://app.vendor.test";

/** Runs the inline script in a window of its own with a parent page and a recording fetch. */
function runBoot(prefetch: { marketplace: { category?: string } } | null = null) {
  const posted: { message: unknown; target: string }[] = [];
  const requests: { url: string; init: { body: string; credentials: string } }[] = [];
  const listeners: ((event: unknown) => void)[] = [];
  const parent = { postMessage: (message: unknown, target: string) => posted.push({ message, target }) };
  const window: Record<string, unknown> = {
    parent,
    location: { origin: "https://switchyard.test" },
    addEventListener: (_: string, listener: (event: unknown) => void) => listeners.push(listener),
  };
  const fetch = (url: string, init: { body: string; credentials: string }) => {
    requests.push({ url, init });
    return Promise.resolve({ json: () => Promise.resolve({ result: { data: { json: { sessionToken: "s" } } } }) });
  };
  runInNewContext(bootScript(ORIGIN, prefetch), { window, fetch, JSON, Promise });
  const send = (data: unknown, from = { origin: ORIGIN, source: parent }) => listeners.forEach((listener) => listener({ data, ...from }));
  return {
    posted,
    requests,
    send,
    boot: () => window.__switchyardBoot as { messages: unknown[]; token: string | null; exchange: unknown; stranger: string | null },
  };
}

describe("the frame's boot script", () => {
  it("says hello to the vendor page only, at once", () => {
    const { posted } = runBoot();
    expect(posted).toEqual([{ message: { source: "switchyard", version: 1, type: "hello" }, target: ORIGIN }]);
  });

  it("starts the exchange when the SDK hands over the token, with the body the shell would send", () => {
    const prefetch = { marketplace: { category: "CRM" } };
    const { requests, send, boot } = runBoot(prefetch);
    send({ source: "switchyard-sdk", version: 1, type: "authenticate", token: "jwt-1", theme: null });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(EXCHANGE_URL);
    expect(requests[0]!.init.credentials).toBe("omit");
    expect(requests[0]!.init.body).toBe(exchangeBody("jwt-1", ORIGIN, prefetch));
    expect(boot().token).toBe("jwt-1");
    expect(boot().messages).toHaveLength(1);
  });

  it("says hello again when an SDK that took the frame over from the vendor's HTML asks, and exchanges a token once", () => {
    const { posted, requests, send, boot } = runBoot();
    send({ source: "switchyard-sdk", version: 1, type: "hello" });
    expect(posted.map((post) => post.message)).toEqual([
      { source: "switchyard", version: 1, type: "hello" },
      { source: "switchyard", version: 1, type: "hello" },
    ]);
    const token = { source: "switchyard-sdk", version: 1, type: "authenticate", token: "jwt-1" };
    send(token);
    send(token);
    expect(requests).toHaveLength(1);
    expect(boot().messages).toHaveLength(1);
  });

  it("ignores messages from other origins or windows, and malformed ones", () => {
    const { requests, send, boot } = runBoot();
    const token = { source: "switchyard-sdk", version: 1, type: "authenticate", token: "jwt" };
    send(token, { origin: "https://evil.test", source: {} as never });
    send(token, { origin: ORIGIN, source: {} as never });
    send({ ...token, version: 2 });
    send("authenticate");
    expect(requests).toHaveLength(0);
    expect(boot().messages).toHaveLength(0);
    // The shell's "still waiting" message names the page that talked to the frame instead of its parentOrigin.
    expect(boot().stranger).toBe("https://evil.test");
    expect(exchangeBody("jwt", ORIGIN, null)).toBe(JSON.stringify({ json: { token: "jwt", parentOrigin: ORIGIN } }));
  });
});
