import { describe, expect, it, vi } from "vitest";
import { HELLO_TIMEOUT_MS } from "./embed-frame.js";
import { REFRESH_LEAD_MS } from "./token-session.js";
import { createSwitchyard } from "./client.js";
import { createFakePage, type FakeElement } from "./testing/fake-dom.js";
import { createEmbedPage, fakeJwt, SWITCHYARD_URL } from "./testing/fixtures.js";

const TOKEN = fakeJwt({ sub: "user-1", customer: "acme", exp: 2_000_000_000 });

describe("showing a frame", () => {
  it("mounts an iframe into the selected element with a URL that carries no token", () => {
    const { client, mount } = createEmbedPage();
    client.authenticate({ token: TOKEN });
    const handle = client.showMarketplace({ selector: "#integrations", filters: { category: "crm" } });

    expect(mount.children).toEqual([handle.iframe]);
    expect(handle.iframe.src).toBe(`${SWITCHYARD_URL}/embed/v1/marketplace?category=crm&parentOrigin=https%3A%2F%2Fvendor.example`);
    expect(handle.iframe.src).not.toContain(TOKEN);
    expect(handle.iframe.style.width).toBe("100%");
  });

  it("replaces the frame when showing into the same element again", () => {
    const { client, mount } = createEmbedPage();
    const first = client.showMarketplace({ selector: "#integrations" });
    const second = client.showIntegration("github-zendesk", { selector: mount as unknown as HTMLElement });
    expect(mount.children).toEqual([second.iframe]);
    expect((first.iframe as unknown as FakeElement).isConnected).toBe(false);
  });

  it("takes over the frame the page declared in its HTML for this view, and asks it to say hello again", () => {
    const { client, mount, document, fromFrame, postedTo } = createEmbedPage();
    const declared = document.createElement("iframe");
    declared.src = `${SWITCHYARD_URL}/embed/v1/marketplace?parentOrigin=${encodeURIComponent("https://vendor.example")}&category=crm`;
    declared.style.height = "600px";
    mount.appendChild(declared);
    client.authenticate({ token: TOKEN });
    const handle = client.showMarketplace({ selector: "#integrations", filters: { category: "crm" } });

    expect(handle.iframe).toBe(declared);
    expect(mount.children).toEqual([declared]);
    expect(declared.style.height).toBe("600px");
    // Its own hello may have gone out before the SDK listened.
    expect(postedTo(handle.iframe)).toEqual([{ data: { source: "switchyard-sdk", version: 1, type: "hello" }, targetOrigin: SWITCHYARD_URL }]);
    fromFrame(handle.iframe, { type: "hello" });
    expect(postedTo(handle.iframe).map((post) => post.data)).toMatchObject([{ type: "hello" }, { type: "authenticate", token: TOKEN }]);
  });

  it("hears the ready of a declared frame that was drawn before the SDK listened, once per page", () => {
    const { client, mount, document, fromFrame } = createEmbedPage();
    const ready = vi.fn();
    client.on("ready", ready);
    const declared = document.createElement("iframe");
    declared.src = `${SWITCHYARD_URL}/embed/v1/marketplace?parentOrigin=${encodeURIComponent("https://vendor.example")}`;
    mount.appendChild(declared);
    const handle = client.showMarketplace({ selector: "#integrations" });
    // Its hello and ready went out before the SDK listened; it answers our hello with both again.
    fromFrame(handle.iframe, { type: "hello", reply: true });
    fromFrame(handle.iframe, { type: "ready" });
    fromFrame(handle.iframe, { type: "hello", reply: true });
    fromFrame(handle.iframe, { type: "ready" });
    expect(ready).toHaveBeenCalledTimes(1);
    // A new page in the frame (its own hello) is ready again.
    fromFrame(handle.iframe, { type: "hello" });
    fromFrame(handle.iframe, { type: "ready" });
    expect(ready).toHaveBeenCalledTimes(2);
  });

  it("replaces a declared frame of another view with a new one", () => {
    const { client, mount, document } = createEmbedPage();
    const declared = document.createElement("iframe");
    declared.src = `${SWITCHYARD_URL}/embed/v1/logs?parentOrigin=${encodeURIComponent("https://vendor.example")}`;
    mount.appendChild(declared);
    const handle = client.showMarketplace({ selector: "#integrations" });
    expect(handle.iframe).not.toBe(declared);
    expect(mount.children).toEqual([handle.iframe]);
  });

  it("explains what is missing: init, the element, the key", () => {
    const { client } = createEmbedPage();
    expect(() => client.showMarketplace({ selector: "#nowhere" })).toThrow('no element matches "#nowhere"');
    expect(() => client.showIntegration("", { selector: "#integrations" })).toThrow(/integration key/);
    expect(() => client.authenticate({ token: "" })).toThrow(/needs a token/);
    const withoutInit = createSwitchyard({ window: createFakePage().asWindow });
    expect(() => withoutInit.showLogs()).toThrow(/call init/);
  });
});

describe("handshake", () => {
  it("answers hello with the token and theme, posted only to the Switchyard origin", () => {
    const { client, fromFrame, postedTo } = createEmbedPage();
    client.authenticate({ token: TOKEN });
    const handle = client.showInstance("inst_1", { selector: "#integrations", theme: { mode: "dark", primaryColor: "#4f46e5" } });
    expect(postedTo(handle.iframe)).toEqual([]);

    fromFrame(handle.iframe, { type: "hello" });
    expect(postedTo(handle.iframe)).toEqual([
      {
        data: { source: "switchyard-sdk", version: 1, type: "authenticate", token: TOKEN, theme: { mode: "dark", primaryColor: "#4f46e5" } },
        targetOrigin: SWITCHYARD_URL,
      },
    ]);
  });

  it("holds a frame that said hello until authenticate() is called", () => {
    const { client, fromFrame, postedTo } = createEmbedPage();
    const handle = client.showLogs(undefined, { selector: "#integrations" });
    fromFrame(handle.iframe, { type: "hello" });
    expect(postedTo(handle.iframe)).toEqual([]);
    client.authenticate({ token: TOKEN });
    expect(postedTo(handle.iframe).map((post) => post.data)).toMatchObject([{ type: "authenticate", token: TOKEN }]);
  });

  it("ignores messages from another origin or another window", () => {
    const { client, window, fromFrame, postedTo } = createEmbedPage();
    const ready = vi.fn();
    client.on("ready", ready);
    client.authenticate({ token: TOKEN });
    const handle = client.showMarketplace({ selector: "#integrations" });

    fromFrame(handle.iframe, { type: "hello" }, "https://evil.example");
    fromFrame(handle.iframe, { type: "ready" }, "https://switchyard.example.evil.example");
    window.receive({ source: "switchyard", version: 1, type: "hello" }, { origin: SWITCHYARD_URL, source: window });
    window.receive({ source: "switchyard", version: 1, type: "ready" }, { origin: SWITCHYARD_URL, source: null });
    expect(postedTo(handle.iframe)).toEqual([]);
    expect(ready).not.toHaveBeenCalled();
  });

  it("sends a refreshed token to every frame that is listening", async () => {
    const { client, clock, fromFrame, postedTo } = createEmbedPage();
    const expiring = fakeJwt({ sub: "user-1", exp: Math.floor(clock.now() / 1000) + 3600 });
    const renewed = fakeJwt({ sub: "user-1", exp: Math.floor(clock.now() / 1000) + 7200 });
    client.authenticate({ token: expiring, refresh: async () => renewed });
    const inline = client.showMarketplace({ selector: "#integrations" });
    const popover = client.showLogs("inst_1", { theme: { radius: 4 } });
    fromFrame(inline.iframe, { type: "hello" });
    fromFrame(popover.iframe, { type: "hello" });

    clock.advance(3_600_000 - REFRESH_LEAD_MS);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(postedTo(inline.iframe).map((post) => post.data)).toMatchObject([{ token: expiring }, { type: "authenticate", token: renewed }]);
    expect(postedTo(popover.iframe).at(-1)?.data).toMatchObject({ type: "authenticate", token: renewed, theme: { radius: 4 } });
  });

  it("sends a theme change to a frame that is listening", () => {
    const { client, fromFrame, postedTo } = createEmbedPage();
    client.authenticate({ token: TOKEN });
    const handle = client.showMarketplace({ selector: "#integrations" });
    fromFrame(handle.iframe, { type: "hello" });
    handle.setTheme({ mode: "dark" });
    expect(postedTo(handle.iframe).at(-1)).toEqual({
      data: { source: "switchyard-sdk", version: 1, type: "theme", theme: { mode: "dark" } },
      targetOrigin: SWITCHYARD_URL,
    });
  });

  it("reports a frame that never says hello", () => {
    const { client, clock, fromFrame } = createEmbedPage();
    const errors = vi.fn();
    client.on("error", errors);
    const silent = client.showMarketplace({ selector: "#integrations" });
    clock.advance(HELLO_TIMEOUT_MS);
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ code: "timeout", view: "marketplace" }));
    expect((silent.iframe as unknown as FakeElement).isConnected).toBe(true);

    errors.mockClear();
    const talking = client.showIntegration("github", { selector: "#integrations" });
    fromFrame(talking.iframe, { type: "hello" });
    clock.advance(HELLO_TIMEOUT_MS);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("events", () => {
  it("fans frame messages out to every handler of that event, until off()", () => {
    const { client, fromFrame } = createEmbedPage();
    const first = vi.fn();
    const second = vi.fn();
    const ready = vi.fn();
    client.on("instance.deployed", first);
    const unsubscribe = client.on("instance.deployed", second);
    client.on("ready", ready);
    const handle = client.showIntegration("github-zendesk", { selector: "#integrations" });

    fromFrame(handle.iframe, { type: "ready" });
    fromFrame(handle.iframe, { type: "event", name: "instance.deployed", payload: { instanceId: "i1", integrationKey: "github-zendesk" } });
    unsubscribe();
    client.off("instance.deployed", first);
    fromFrame(handle.iframe, { type: "event", name: "instance.deployed", payload: { instanceId: "i2", integrationKey: "github-zendesk" } });

    expect(ready).toHaveBeenCalledWith({ view: "integration" });
    expect(first.mock.calls).toEqual([[{ instanceId: "i1", integrationKey: "github-zendesk" }]]);
    expect(second.mock.calls).toEqual([[{ instanceId: "i1", integrationKey: "github-zendesk" }]]);
  });

  it("tells ready and signedIn apart: a marketplace ready before its sign-in, then signed in or refused", () => {
    const { client, fromFrame } = createEmbedPage();
    const seen: string[] = [];
    client.on("ready", ({ view }) => seen.push(`ready ${view}`));
    client.on("signedIn", ({ view }) => seen.push(`signedIn ${view}`));
    client.on("error", ({ code, view }) => seen.push(`error ${code} ${view}`));
    const handle = client.showMarketplace({ selector: "#integrations" });
    fromFrame(handle.iframe, { type: "ready" });
    fromFrame(handle.iframe, { type: "signedIn" });
    // A refreshed token the server refused, after the frame was ready and signed in.
    fromFrame(handle.iframe, { type: "error", code: "unauthorized", message: "The token has expired" });
    expect(seen).toEqual(["ready marketplace", "signedIn marketplace", "error unauthorized marketplace"]);
  });

  it("turns the frame's errors into error events", () => {
    const { client, fromFrame } = createEmbedPage();
    const errors = vi.fn();
    client.on("error", errors);
    const handle = client.showMarketplace({ selector: "#integrations" });
    fromFrame(handle.iframe, { type: "error", code: "unauthorized", message: "The token has expired" });
    expect(errors).toHaveBeenCalledWith({ code: "unauthorized", message: "The token has expired", view: "marketplace" });
  });

  it("sizes an inline frame to the height it reports", () => {
    const { client, fromFrame } = createEmbedPage();
    const handle = client.showMarketplace({ selector: "#integrations" });
    fromFrame(handle.iframe, { type: "resize", height: 812.4 });
    expect(handle.iframe.style.height).toBe("813px");
  });
});

describe("closing", () => {
  it("close() removes every frame and stops listening to them", () => {
    const { client, window, document, mount, fromFrame } = createEmbedPage();
    const ready = vi.fn();
    client.on("ready", ready);
    const inline = client.showMarketplace({ selector: "#integrations" });
    client.showLogs();
    expect(window.listenerCount("message")).toBe(2);

    client.close();
    expect(mount.children).toEqual([]);
    expect(document.all("iframe")).toEqual([]);
    expect(window.listenerCount("message")).toBe(0);
    fromFrame(inline.iframe, { type: "ready" });
    expect(ready).not.toHaveBeenCalled();
  });

  it("closes a frame that asks to be closed and says so", () => {
    const { client, mount, fromFrame } = createEmbedPage();
    const closed = vi.fn();
    client.on("close", closed);
    const handle = client.showIntegration("github", { selector: "#integrations" });
    fromFrame(handle.iframe, { type: "close" });
    expect(mount.children).toEqual([]);
    expect(closed).toHaveBeenCalledWith({ view: "integration", reason: "frame" });
  });

  it("destroy() also stops token refresh and drops handlers", () => {
    const { client, clock } = createEmbedPage();
    const refresh = vi.fn(async () => TOKEN);
    client.authenticate({ token: fakeJwt({ exp: Math.floor(clock.now() / 1000) + 3600 }), refresh });
    client.showMarketplace({ selector: "#integrations" });
    client.destroy();
    clock.advance(2 * 3_600_000);
    expect(refresh).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });
});
