/**
 * The marketplace page's script, a few KiB instead of React and the framework's runtime:
 * embed-sdk/build.ts bundles it into `public/embed-marketplace.js` and route.ts inlines it at the
 * end of the page, whose cards the server already drew; it takes over from the boot script at the
 * top of the page (boot-script.ts), which has said `hello` and may have started the exchange. It
 * does what the React shell does for the other pages (embed-shell.tsx), on the same protocol and
 * with the same origin checks: `hello`, the session exchange when `authenticate` arrives (again
 * for every new token), the themes, the "still waiting" and refusal screens, `resize` and Escape.
 *
 * `ready` means the view is drawn and answers input. With the catalogue drawn by the server that
 * is when this script has run over it: the cards are plain links, and the search box and category
 * filter take input at once and apply it as soon as the session exists. The exchange goes on
 * meanwhile; when it answers, the customer's own page (Active badges, Reconnect notices and their
 * `connection.needsReconnect` events) replaces the public one and `signedIn` follows; a refused
 * or failed exchange shows the refusal screen and posts `error`. Without a catalogue (no single
 * organization allows the parentOrigin) there is nothing to act on before the session, so `ready`
 * waits for it. Cards lead to the integration and instance pages, React pages that sign in again
 * with the token the SDK sends on their `hello`.
 */
import { mergeThemes, themeVariables, type EmbedTheme } from "@/server/modules/embed/embed-theme";
import { takeBoot } from "../_shell/boot-script";
import { ExchangeFailure, exchangeFailureOf, startExchange, UNREACHABLE_MESSAGE, type ExchangePrefetch } from "../_shell/exchange-request";
import { failureScreen, SESSION_EXPIRED_MESSAGE, STALLED_SCREEN } from "../_shell/frame-screens";
import { reportHeight } from "../_shell/height-reporter";
import { parseSdkMessage, postToParent, type SdkMessage } from "../_shell/protocol";
import { missingSignInReason, SIGN_IN_PATIENCE_MS } from "../_shell/sign-in-wait";
import { alertHtml, categoryOptionsHtml, resultsHtml, statusScreenHtml, type MarketplaceListing } from "./marketplace-markup";

/** What the server hands the script (marketplace-document.ts). */
export interface MarketplaceFrameState {
  parentOrigin: string;
  organizationTheme: EmbedTheme;
  /** What the boot script's exchange asked for (the URL's filters). */
  prefetch: { marketplace: { search?: string; category?: string } };
  /** The server drew the organization's public catalogue, so the page is usable before the session. */
  catalogueDrawn: boolean;
}

interface MarketplaceFilter {
  search: string;
  category: string;
}

declare global {
  interface Window {
    __switchyardMarketplace?: MarketplaceFrameState;
  }
}

const LIST_URL = "/api/trpc/embed.marketplace.list";

const prefetchOf = (filter: MarketplaceFilter): ExchangePrefetch => ({
  marketplace: { search: filter.search || undefined, category: filter.category || undefined },
});

/** A tRPC answer's data, or its error as an exception carrying the tRPC code. */
class CallFailure extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

async function listMarketplace(filter: MarketplaceFilter, session: string): Promise<MarketplaceListing> {
  const input = { json: { search: filter.search || undefined, category: filter.category || undefined } };
  const response = await fetch(`${LIST_URL}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    credentials: "omit",
    headers: { authorization: `Bearer ${session}` },
  });
  const body = (await response.json()) as {
    result?: { data?: { json: MarketplaceListing } };
    error?: { json?: { message?: string; data?: { code?: string } } };
  };
  if (body.result?.data) return body.result.data.json;
  throw new CallFailure(body.error?.json?.data?.code, body.error?.json?.message ?? "The integrations could not load.");
}

function startMarketplaceFrame(state: MarketplaceFrameState): void {
  const origin = state.parentOrigin;
  const root = document.getElementById("sy-root")!;
  const main = document.getElementById("sy-marketplace")!;
  const results = document.getElementById("sy-results")!;
  const searchBox = document.getElementById("sy-search") as HTMLInputElement;
  const categorySelect = document.getElementById("sy-category") as HTMLSelectElement;
  // As the boxes hold them: a browser may have restored what the customer had typed.
  const filter: MarketplaceFilter = { search: searchBox.value.slice(0, 200), category: categorySelect.value };
  let organizationTheme = state.organizationTheme;
  let pageTheme: EmbedTheme = {};
  let session: string | null = null;
  let exchangeSeq = 0;
  let listSeq = 0;
  let strangerOrigin: string | null = null;
  let lastToken: string | null = null;
  let screen: HTMLElement | null = null;
  let readyPosted = false;
  const toldReconnect = new Set<string>();

  /** A session that is there but whose customer page is not drawn yet. */
  let signInToAnnounce = false;

  /** Once per page: the view is drawn and answers input. */
  const postReady = () => {
    if (readyPosted) return;
    readyPosted = true;
    postToParent(origin, { type: "ready" });
  };
  /** After a sign-in, once the customer's page is on screen (and before the events it raises). */
  const announceSignedIn = () => {
    if (!signInToAnnounce) return;
    signInToAnnounce = false;
    postReady();
    postToParent(origin, { type: "signedIn" });
  };

  const applyTheme = () => {
    const theme = mergeThemes(organizationTheme, pageTheme);
    root.dataset.mode = theme.mode ?? "light";
    const variables = themeVariables(theme);
    for (const name of ["--sy-primary", "--sy-radius", "--sy-font"]) {
      if (variables[name]) root.style.setProperty(name, variables[name]);
      else root.style.removeProperty(name);
    }
  };

  /** In place of the page (taken out of the document, as React unmounts it), or the page back with `null`. */
  const showScreen = (html: string | null) => {
    screen?.remove();
    screen = null;
    if (html === null) {
      if (!main.isConnected) root.prepend(main);
      return;
    }
    main.remove();
    root.insertAdjacentHTML("afterbegin", html);
    screen = root.firstElementChild as HTMLElement;
  };

  const fail = (code: string, message: string) => {
    session = null;
    signInToAnnounce = false;
    root.dataset.session = "failed";
    showScreen(statusScreenHtml({ ...failureScreen(code), message }));
    postToParent(origin, { type: "error", code, message });
  };

  const show = (listing: MarketplaceListing) => {
    results.innerHTML = resultsHtml(listing, origin, Boolean(filter.search || filter.category));
    categorySelect.innerHTML = categoryOptionsHtml(listing.categories, filter.category);
    categorySelect.value = filter.category;
    announceSignedIn();
    for (const item of listing.items) {
      for (const connection of item.instance?.needsReconnect ?? []) {
        const id = `${item.instance!.id}:${connection.key}`;
        if (toldReconnect.has(id)) continue;
        toldReconnect.add(id);
        const payload = {
          instanceId: item.instance!.id,
          integrationKey: item.key,
          connectionKey: connection.key,
          connector: connection.connector,
          reason: connection.reason,
        };
        postToParent(origin, { type: "event", name: "connection.needsReconnect", payload });
      }
    }
  };

  const refresh = async () => {
    if (!session) {
      // Applied when the session arrives; until then the grid says it is not final.
      main.setAttribute("aria-busy", "true");
      return;
    }
    const seq = ++listSeq;
    main.setAttribute("aria-busy", "true");
    try {
      const listing = await listMarketplace(filter, session);
      if (seq === listSeq) show(listing);
    } catch (error) {
      if (seq !== listSeq) return;
      if (error instanceof CallFailure && error.code === "UNAUTHORIZED") fail("unauthorized", SESSION_EXPIRED_MESSAGE);
      else results.innerHTML = alertHtml(error instanceof CallFailure ? error.message : UNREACHABLE_MESSAGE);
    } finally {
      if (seq === listSeq) main.setAttribute("aria-busy", "false");
    }
  };

  const stall = setTimeout(() => {
    const message = missingSignInReason(origin, { framed: window.parent !== window, strangerOrigin });
    if (root.dataset.session === "waiting") {
      root.dataset.session = "stalled";
      showScreen(statusScreenHtml({ ...STALLED_SCREEN, message }));
    }
    postToParent(origin, { type: "error", code: "no_token", message });
  }, SIGN_IN_PATIENCE_MS);

  /** Signs in with `token`: through the exchange the boot script started for it, or a new one. */
  const authenticate = async (token: string, started: { answer: Promise<unknown>; prefetch: ExchangePrefetch } | null = null) => {
    clearTimeout(stall);
    const seq = ++exchangeSeq;
    const asked = started?.prefetch ?? prefetchOf(filter);
    try {
      let body: unknown;
      try {
        body = await (started?.answer ?? startExchange(token, origin, asked));
      } catch {
        throw new ExchangeFailure("network", UNREACHABLE_MESSAGE);
      }
      const result = (body as { result?: { data?: { json: { sessionToken: string; theme: EmbedTheme; marketplace: MarketplaceListing | null } } } }).result
        ?.data?.json;
      if (!result) throw exchangeFailureOf(body);
      if (seq !== exchangeSeq) return; // a newer token arrived meanwhile
      session = result.sessionToken;
      organizationTheme = result.theme;
      applyTheme();
      root.dataset.session = "ready";
      signInToAnnounce = true;
      showScreen(null);
      // What the customer typed or chose while the exchange ran is what they get.
      if (result.marketplace && JSON.stringify(asked) === JSON.stringify(prefetchOf(filter))) {
        show(result.marketplace);
        main.setAttribute("aria-busy", "false");
      } else {
        await refresh();
      }
      // Signed in even when the customer's page could not be read (the grid says why).
      if (seq === exchangeSeq) announceSignedIn();
    } catch (error) {
      if (seq !== exchangeSeq) return;
      const failure = error instanceof ExchangeFailure ? error : new ExchangeFailure("network", UNREACHABLE_MESSAGE);
      fail(failure.code, failure.message);
    }
  };

  const handle = (message: SdkMessage | null) => {
    if (!message) return;
    // An SDK that took over this frame from the vendor's HTML may have missed our hello, and our
    // `ready` too: that frame is drawn beside the SDK's script and may be ready before it listens.
    if (message.type === "hello") {
      postToParent(origin, { type: "hello", reply: true });
      if (readyPosted) postToParent(origin, { type: "ready" });
      return;
    }
    if (message.theme) {
      pageTheme = message.theme;
      applyTheme();
    }
    // The same token again (both hellos answered) needs no second exchange.
    if (message.type === "authenticate" && message.token !== lastToken) {
      lastToken = message.token;
      void authenticate(message.token);
    }
  };
  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.source !== window.parent) {
      if (event.origin !== window.location.origin) strangerOrigin ??= event.origin;
      return;
    }
    handle(parseSdkMessage(event.data));
  });

  searchBox.addEventListener("input", () => {
    filter.search = searchBox.value.slice(0, 200);
    void refresh();
  });
  categorySelect.addEventListener("change", () => {
    filter.category = categorySelect.value;
    void refresh();
  });

  reportHeight(origin, root);
  window.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented) postToParent(origin, { type: "close" });
  });

  // What the boot script heard while the page loaded: its themes, and its exchange for the last token.
  const boot = takeBoot();
  if (boot) {
    strangerOrigin = boot.stranger;
    let token: string | null = null;
    for (const message of boot.messages.map(parseSdkMessage)) {
      if (message?.type === "authenticate") {
        if (message.theme) pageTheme = message.theme;
        token = message.token;
      } else {
        handle(message);
      }
    }
    applyTheme();
    if (token && boot.exchange) {
      lastToken = token;
      void authenticate(token, { answer: boot.exchange, prefetch: state.prefetch });
    }
  } else {
    postToParent(origin, { type: "hello" });
  }
  // An exchange already under way is read after this script has run (it is awaited): `ready` comes first.
  if (state.catalogueDrawn) postReady();
}

const initial = window.__switchyardMarketplace;
if (initial) startMarketplaceFrame(initial);
