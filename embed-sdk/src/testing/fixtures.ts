import { createSwitchyard } from "../client.js";
import { createFakeClock } from "./fake-clock.js";
import { createFakePage, type FakeElement } from "./fake-dom.js";

export const SWITCHYARD_URL = "https://switchyard.example";
export const VENDOR_ORIGIN = "https://vendor.example";

/** An unsigned JWT: the SDK never verifies signatures, it only reads `exp`. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.signature`;
}

/** A vendor page with an SDK client pointed at Switchyard and an empty `#integrations` element. */
export function createEmbedPage() {
  const page = createFakePage(VENDOR_ORIGIN);
  const clock = createFakeClock();
  const client = createSwitchyard({ window: page.asWindow, clock });
  client.init({ url: SWITCHYARD_URL });
  const mount = page.document.createElement("div");
  mount.setAttribute("id", "integrations");
  page.document.body.appendChild(mount);

  /** Posts a protocol message as the frame inside `iframe` would. */
  function fromFrame(iframe: HTMLIFrameElement, message: Record<string, unknown>, origin = SWITCHYARD_URL): void {
    const source = (iframe as unknown as FakeElement).contentWindow;
    page.window.receive({ source: "switchyard", version: 1, ...message }, { origin, source });
  }

  /** What the SDK posted into `iframe`. */
  function postedTo(iframe: HTMLIFrameElement) {
    return (iframe as unknown as FakeElement).contentWindow?.posted ?? [];
  }

  return { ...page, clock, client, mount, fromFrame, postedTo };
}
