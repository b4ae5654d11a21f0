/**
 * The SDK's state: the server URL, the current token, the open frames and the vendor's event
 * handlers. `createSwitchyard` takes the window and clock so tests can run it against fakes.
 */
import { createEmbedFrame, type EmbedFrame } from "./embed-frame.js";
import { createEmitter } from "./emitter.js";
import { buildFrameUrl, declaredFrame, isSameFrameUrl, parseServerUrl, type SwitchyardServer } from "./frame-url.js";
import { openPopover, type Popover } from "./popover.js";
import { authenticateMessage, themeMessage, type FrameMessage } from "./protocol.js";
import { createTokenSession } from "./token-session.js";
import type {
  AuthenticateOptions,
  Clock,
  EmbedView,
  EventHandler,
  FrameHandle,
  FrameTarget,
  InitOptions,
  MarketplaceOptions,
  ShowOptions,
  SwitchyardEventName,
  Theme,
} from "./types.js";

export interface SwitchyardClient {
  init(options: InitOptions): void;
  authenticate(options: AuthenticateOptions): void;
  showMarketplace(options?: MarketplaceOptions): FrameHandle;
  showIntegration(integrationKey: string, options?: ShowOptions): FrameHandle;
  showInstance(instanceId: string, options?: ShowOptions): FrameHandle;
  showLogs(instanceId?: string, options?: ShowOptions): FrameHandle;
  /** Closes every open frame. */
  close(): void;
  on<K extends SwitchyardEventName>(name: K, handler: EventHandler<K>): () => void;
  off<K extends SwitchyardEventName>(name: K, handler: EventHandler<K>): void;
  /** Closes every frame, stops token refresh and drops all handlers. */
  destroy(): void;
}

export interface SwitchyardEnvironment {
  window?: Window;
  clock?: Clock;
}

/** Frames start this tall and then follow the height the frame reports. */
const INITIAL_INLINE_HEIGHT = "480px";

const TITLES: Record<EmbedView, string> = {
  marketplace: "Integrations",
  integration: "Integration",
  instance: "Integration settings",
  logs: "Integration logs",
};

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface OpenFrame {
  handle: FrameHandle;
  frame: EmbedFrame;
  container: HTMLElement;
  popover?: Popover;
  theme?: Theme;
  /** The frame said hello, so it listens for credentials. */
  greeted: boolean;
  /** `ready` was emitted for the page the frame shows now (a frame taken over from the HTML repeats it in answer to our hello). */
  readyEmitted: boolean;
}

export function createSwitchyard(environment: SwitchyardEnvironment = {}): SwitchyardClient {
  const clock = environment.clock ?? systemClock;
  const emitter = createEmitter();
  const frames = new Set<OpenFrame>();
  let server: SwitchyardServer | undefined;

  const tokens = createTokenSession({
    clock,
    onRefreshed: (token) => sendToken(token),
    onRefreshFailed: (error) => emitter.emit("error", { code: "token_refresh_failed", message: error instanceof Error ? error.message : String(error) }),
  });

  // Looked up on use, not at creation, so importing the SDK during server rendering is harmless.
  function hostWindow(): Window {
    const found = environment.window ?? (typeof window === "undefined" ? undefined : window);
    if (!found) throw new Error("Switchyard: frames can only be shown in a browser");
    return found;
  }

  function sendToken(token: string): void {
    for (const open of frames) if (open.greeted) open.frame.post(authenticateMessage(token, open.theme));
  }

  function closeFrame(open: OpenFrame, reason?: "user" | "frame"): void {
    if (!frames.delete(open)) return;
    open.frame.destroy();
    open.popover?.close();
    if (reason) emitter.emit("close", { view: open.handle.view, reason });
  }

  function onFrameMessage(open: OpenFrame, message: FrameMessage): void {
    const view = open.handle.view;
    switch (message.type) {
      case "hello": {
        // Sent again if the frame reloads, and it then needs the token again.
        open.greeted = true;
        if (!message.reply) open.readyEmitted = false;
        const token = tokens.token();
        if (token) open.frame.post(authenticateMessage(token, open.theme));
        return;
      }
      case "ready":
        if (open.readyEmitted) return;
        open.readyEmitted = true;
        return void emitter.emit("ready", { view });
      case "signedIn":
        return void emitter.emit("signedIn", { view });
      case "event":
        // The frame is Switchyard's own page on a checked origin; its payloads follow the README.
        return void emitter.emit(message.name, message.payload as never);
      case "error":
        return void emitter.emit("error", { code: message.code, message: message.message, view });
      case "resize":
        // A popover has a fixed size and the frame scrolls inside it.
        if (!open.popover) open.frame.iframe.style.height = `${Math.ceil(message.height)}px`;
        return;
      case "close":
        return void closeFrame(open, "frame");
    }
  }

  function show(target: FrameTarget, options: ShowOptions = {}): FrameHandle {
    if (!server) throw new Error("Switchyard: call init({ url }) before showing a frame");
    const win = hostWindow();
    const view = target.view;
    const src = buildFrameUrl(server, target, win.location.origin);
    let container: HTMLElement;
    let popover: Popover | undefined;
    let declared: HTMLIFrameElement | undefined;

    if (options.selector !== undefined) {
      container = resolveContainer(win.document, options.selector);
      // Showing into the same element again replaces what was there.
      for (const open of frames) if (open.container === container) closeFrame(open);
      // A frame the page wrote into its HTML for this view is taken over; one for another view is replaced.
      declared = declaredFrame(container, server);
      if (declared && !isSameFrameUrl(declared.src, src)) {
        declared.remove();
        declared = undefined;
      }
    } else {
      for (const open of frames) if (open.popover) closeFrame(open);
      popover = openPopover({ window: win, label: TITLES[view], theme: options.theme, onDismiss: () => closeFrame(record, "user") });
      container = popover.content;
    }

    const frame = createEmbedFrame({
      window: win,
      clock,
      src,
      declared,
      origin: server.origin,
      container,
      title: TITLES[view],
      onMessage: (message) => onFrameMessage(record, message),
      onHelloTimeout: () =>
        emitter.emit("error", {
          code: "timeout",
          message: `The Switchyard frame did not load from ${server?.origin}. Check the url and that this page's origin is in the organization's allowed origins.`,
          view,
        }),
    });
    if (popover) frame.iframe.style.height = "100%";
    else if (!declared) frame.iframe.style.height = INITIAL_INLINE_HEIGHT;

    const handle: FrameHandle = {
      iframe: frame.iframe,
      view,
      setTheme(theme) {
        record.theme = theme;
        record.popover?.applyTheme(theme);
        if (record.greeted) frame.post(themeMessage(theme));
      },
      close: () => closeFrame(record),
    };
    const record: OpenFrame = { handle, frame, container, popover, theme: options.theme, greeted: false, readyEmitted: false };
    frames.add(record);
    if (popover) frame.iframe.focus();
    return handle;
  }

  return {
    init({ url }) {
      server = parseServerUrl(url);
    },
    authenticate(options) {
      if (typeof options?.token !== "string" || options.token === "") throw new TypeError("Switchyard: authenticate() needs a token");
      tokens.set(options);
      sendToken(options.token);
    },
    showMarketplace: (options = {}) => show({ view: "marketplace", filters: options.filters }, options),
    showIntegration: (integrationKey, options) => show({ view: "integration", integrationKey: required(integrationKey, "integration key") }, options),
    showInstance: (instanceId, options) => show({ view: "instance", instanceId: required(instanceId, "instance id") }, options),
    showLogs: (instanceId, options) => show({ view: "logs", instanceId }, options),
    close() {
      for (const open of [...frames]) closeFrame(open);
    },
    on: (name, handler) => emitter.on(name, handler),
    off: (name, handler) => emitter.off(name, handler),
    destroy() {
      for (const open of [...frames]) closeFrame(open);
      tokens.stop();
      emitter.clear();
    },
  };
}

function resolveContainer(document: Document, selector: string | HTMLElement): HTMLElement {
  if (typeof selector !== "string") return selector;
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`Switchyard: no element matches "${selector}"`);
  return element;
}

function required(value: string, what: string): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`Switchyard: missing ${what}`);
  return value;
}
