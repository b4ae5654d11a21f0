/**
 * A modal overlay for a frame: centred dialog, close button, Escape to close, focus kept inside
 * while open and given back on close. A click on the backdrop does not close it: a half-filled
 * configuration wizard should not vanish on a stray click. Styles are set through the CSSOM (element.style), which a
 * strict `style-src` Content-Security-Policy allows, unlike an injected <style> tag.
 */
import type { Theme } from "./types.js";

export interface PopoverOptions {
  window: Window;
  label: string;
  theme?: Theme;
  /** The user asked to close (button or Escape); the owner decides and calls close(). */
  onDismiss(): void;
}

export interface Popover {
  /** Where the frame goes. */
  readonly content: HTMLElement;
  applyTheme(theme: Theme | undefined): void;
  close(): void;
}

export function cssLength(value: number | string): string {
  return typeof value === "number" ? `${value}px` : value;
}

export function openPopover({ window, label, theme, onDismiss }: PopoverOptions): Popover {
  const document = window.document;
  const returnFocusTo = document.activeElement as HTMLElement | null;
  const bodyOverflow = document.body.style.overflow;

  const overlay = document.createElement("div");
  Object.assign(overlay.style, {
    position: "fixed",
    inset: "0",
    zIndex: "2147483000",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    padding: "16px",
    background: "rgba(15, 23, 42, 0.55)",
  });

  const dialog = document.createElement("div");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-label", label);
  // Fixed size rather than following the frame's height: the frame scrolls inside the dialog,
  // so the close button never scrolls out of reach.
  Object.assign(dialog.style, {
    position: "relative",
    width: "min(960px, 100%)",
    height: "min(760px, 100%)",
    overflow: "hidden",
    boxShadow: "0 24px 64px rgba(0, 0, 0, 0.35)",
  });

  const closeButton = document.createElement("button");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", "Close");
  closeButton.textContent = "\u00d7";
  Object.assign(closeButton.style, {
    position: "absolute",
    top: "8px",
    right: "8px",
    zIndex: "1",
    width: "32px",
    height: "32px",
    border: "0",
    borderRadius: "16px",
    background: "transparent",
    font: "24px/32px system-ui, sans-serif",
    cursor: "pointer",
  });

  const content = document.createElement("div");
  Object.assign(content.style, { width: "100%", height: "100%" });

  // Focus guards: tabbing past either end of the dialog lands on one of these and is sent back
  // to the other end. Needed because Tab pressed inside the iframe never reaches our listeners.
  const startGuard = focusGuard(document, () => focusLastInside());
  const endGuard = focusGuard(document, () => closeButton.focus());

  dialog.append(startGuard, closeButton, content, endGuard);
  overlay.appendChild(dialog);

  function focusLastInside(): void {
    const frame = content.firstElementChild as HTMLElement | null;
    (frame ?? closeButton).focus();
  }

  function applyTheme(next: Theme | undefined): void {
    const dark = next?.mode === "dark";
    dialog.style.background = dark ? "#0f172a" : "#ffffff";
    dialog.style.borderRadius = cssLength(next?.radius ?? 12);
    closeButton.style.color = dark ? "#e2e8f0" : "#334155";
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onDismiss();
  }

  // Catches focus that reaches the page by other means (a script, an assistive technology jump).
  function onFocusIn(event: FocusEvent): void {
    if (!overlay.contains(event.target as Node | null)) closeButton.focus();
  }

  closeButton.addEventListener("click", () => onDismiss());
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("focusin", onFocusIn);
  applyTheme(theme);
  document.body.appendChild(overlay);
  // The page behind must not scroll under the modal.
  document.body.style.overflow = "hidden";

  let open = true;
  return {
    content,
    applyTheme,
    close() {
      if (!open) return;
      open = false;
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("focusin", onFocusIn);
      overlay.remove();
      document.body.style.overflow = bodyOverflow;
      if (returnFocusTo?.isConnected && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
    },
  };
}

function focusGuard(document: Document, onFocus: () => void): HTMLElement {
  const guard = document.createElement("div");
  guard.tabIndex = 0;
  guard.setAttribute("aria-hidden", "true");
  guard.addEventListener("focus", onFocus);
  return guard;
}
