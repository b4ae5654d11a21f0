import { describe, expect, it, vi } from "vitest";
import type { FakeElement } from "./testing/fake-dom.js";
import { createEmbedPage } from "./testing/fixtures.js";

/** A vendor page whose "Integrations" button has focus, as when the user just clicked it. */
function pageWithFocusedButton() {
  const page = createEmbedPage();
  const button = page.document.createElement("button");
  page.document.body.appendChild(button);
  button.focus();
  page.document.body.style.overflow = "auto";
  return { ...page, button };
}

function dialogOf(iframe: HTMLIFrameElement): FakeElement {
  const dialog = (iframe as unknown as FakeElement).parentNode?.parentNode;
  if (!dialog) throw new Error("iframe is not in a dialog");
  return dialog;
}

function closeButtonOf(dialog: FakeElement): FakeElement {
  const button = dialog.children.find((child) => child.getAttribute("aria-label") === "Close");
  if (!button) throw new Error("no close button");
  return button;
}

describe("popover", () => {
  it("opens a modal dialog over the page with the frame focused", () => {
    const { client, document } = pageWithFocusedButton();
    const handle = client.showMarketplace({ popover: true });
    const dialog = dialogOf(handle.iframe);

    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.parentNode?.parentNode).toBe(document.body);
    expect(dialog.parentNode?.style.position).toBe("fixed");
    expect(document.activeElement).toBe(handle.iframe);
    expect(document.body.style.overflow).toBe("hidden");
  });

  it("is what show* does without a selector", () => {
    const { client, mount } = createEmbedPage();
    const handle = client.showInstance("inst_1");
    expect(dialogOf(handle.iframe).getAttribute("role")).toBe("dialog");
    expect(mount.children).toEqual([]);
  });

  it("closes on Escape, gives focus back and reports the user closed it", () => {
    const { client, document, button } = pageWithFocusedButton();
    const closed = vi.fn();
    client.on("close", closed);
    client.showMarketplace();

    const key = document.pressKey("Escape");
    expect(key.defaultPrevented).toBe(true);
    expect(document.all("iframe")).toEqual([]);
    expect(document.body.children).toEqual([document.querySelector("#integrations"), button]);
    expect(document.activeElement).toBe(button);
    expect(document.body.style.overflow).toBe("auto");
    expect(closed).toHaveBeenCalledWith({ view: "marketplace", reason: "user" });
  });

  it("closes with its close button", () => {
    const { client, document, button } = pageWithFocusedButton();
    const handle = client.showLogs();
    closeButtonOf(dialogOf(handle.iframe)).click();
    expect(document.all("iframe")).toEqual([]);
    expect(document.activeElement).toBe(button);
  });

  it("leaves other keys and, once closed, Escape alone", () => {
    const { client, document, button } = pageWithFocusedButton();
    const closed = vi.fn();
    client.on("close", closed);
    const handle = client.showMarketplace();
    document.pressKey("Enter");
    expect(document.all("iframe")).toEqual([handle.iframe]);

    handle.close();
    expect(document.activeElement).toBe(button);
    expect(document.pressKey("Escape").defaultPrevented).toBe(false);
    expect(closed).not.toHaveBeenCalled();
  });

  it("keeps focus inside: tabbing past either end wraps, focus elsewhere is pulled back", () => {
    const { client, document, button } = pageWithFocusedButton();
    const handle = client.showMarketplace();
    const dialog = dialogOf(handle.iframe);
    const [startGuard, closeButton, , endGuard] = dialog.children;

    endGuard.focus();
    expect(document.activeElement).toBe(closeButton);
    startGuard.focus();
    expect(document.activeElement).toBe(handle.iframe);
    button.focus();
    expect(document.activeElement).toBe(closeButton);
  });

  it("keeps one popover at a time and follows theme changes", () => {
    const { client, document } = pageWithFocusedButton();
    client.showMarketplace();
    const second = client.showIntegration("github", { theme: { mode: "light", radius: "1rem" } });
    expect(document.all("iframe")).toEqual([second.iframe]);

    const dialog = dialogOf(second.iframe);
    expect(dialog.style.borderRadius).toBe("1rem");
    second.setTheme({ mode: "dark", radius: 4 });
    expect(dialog.style.background).toBe("#0f172a");
    expect(dialog.style.borderRadius).toBe("4px");
  });

  it("keeps its own size whatever height the frame reports", () => {
    const { client, fromFrame } = createEmbedPage();
    const handle = client.showMarketplace();
    fromFrame(handle.iframe, { type: "resize", height: 2000 });
    expect(handle.iframe.style.height).toBe("100%");
  });
});
