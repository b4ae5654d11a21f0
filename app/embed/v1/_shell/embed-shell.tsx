"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { mergeThemes, themeVariables, type EmbedTheme } from "@/server/modules/embed/embed-theme";
import { takeBoot } from "./boot-script";
import { EmbedContextProvider } from "./embed-context";
import { createEmbedClient, createEmbedQueryClient, EmbedTrpcProvider } from "./embed-trpc";
import { EmbedWizardAdapter } from "./embed-wizard-adapter";
import { readExchange } from "./exchange";
import { failureScreen, NOT_FRAMED_SCREEN, SESSION_EXPIRED_MESSAGE, STALLED_SCREEN } from "./frame-screens";
import { ExchangeFailure, startExchange, UNREACHABLE_MESSAGE } from "./exchange-request";
import { parseSdkMessage, postToParent, type SdkMessage } from "./protocol";
import { SessionGate } from "./session-gate";
import { missingSignInReason, SIGN_IN_PATIENCE_MS } from "./sign-in-wait";
import { StatusScreen } from "./status-screen";
import { useEscapeToClose, useResizeReporter } from "./use-frame-reporting";

type Phase =
  | { kind: "waiting" }
  | { kind: "stalled"; message: string }
  | { kind: "ready"; organizationName: string; customerName: string }
  | { kind: "failed"; code: string; message: string };

/**
 * Handshake and session of the embedded React pages (the marketplace is a page of its own without
 * React: marketplace/route.ts). The page is drawn at once while the boot script's `hello` brings
 * the token and its exchange runs; requests of the page wait for the sealed session (kept in
 * memory only, sent as a bearer header). These pages' views are the customer's own data (the
 * integration with the customer's instance and its Activate or Manage, the instance, the runs):
 * until the session exists they show a spinner and nothing to act on, so `ready` ("drawn and
 * answers input") comes with the first session, just before `signedIn`; unlike the marketplace,
 * they cannot be ready before signing in. A later `authenticate` replaces the session in place and
 * posts `signedIn` again; an `unauthorized` answer at any time shows the not-authorised state.
 * When no token has come after a few seconds the frame says what is missing instead of the page
 * (sign-in-wait.ts), and a token arriving later still signs in.
 */
export function EmbedShell({ parentOrigin, initialTheme, children }: { parentOrigin: string | null; initialTheme: EmbedTheme; children: React.ReactNode }) {
  const [phase, setPhase] = useState<Phase>({ kind: "waiting" });
  const [orgTheme, setOrgTheme] = useState<EmbedTheme>(initialTheme);
  const [pageTheme, setPageTheme] = useState<EmbedTheme>({});
  const exchangeSeq = useRef(0);
  const readyPosted = useRef(false);
  const root = useRef<HTMLDivElement>(null);
  const [session] = useState(() => new SessionGate());
  const [client] = useState(() => createEmbedClient(session));

  const fail = useCallback(
    (origin: string, code: string, message: string) => {
      session.clear();
      setPhase({ kind: "failed", code, message });
      postToParent(origin, { type: "error", code, message });
    },
    [session],
  );
  const [queryClient] = useState(() =>
    createEmbedQueryClient(() => {
      if (parentOrigin && session.token) fail(parentOrigin, "unauthorized", SESSION_EXPIRED_MESSAGE);
    }),
  );

  useEffect(() => {
    const origin = parentOrigin;
    if (!origin) return;
    const boot = takeBoot();
    let strangerOrigin: string | null = boot?.stranger ?? null;
    let lastToken: string | null = null;
    const stall = setTimeout(() => {
      const message = missingSignInReason(origin, { framed: window.parent !== window, strangerOrigin });
      setPhase((current) => (current.kind === "waiting" ? { kind: "stalled", message } : current));
      postToParent(origin, { type: "error", code: "no_token", message });
    }, SIGN_IN_PATIENCE_MS);

    const authenticate = async (token: string, started: Promise<unknown> | null) => {
      clearTimeout(stall);
      const seq = ++exchangeSeq.current;
      try {
        const result = await readExchange(started ?? startExchange(token, origin, null));
        if (seq !== exchangeSeq.current) return; // a newer token arrived meanwhile
        const renewing = session.token !== null;
        session.set(result.sessionToken);
        setOrgTheme(result.theme);
        setPhase({ kind: "ready", organizationName: result.organizationName, customerName: result.customerName });
        if (renewing) await queryClient.invalidateQueries();
        if (!readyPosted.current) {
          readyPosted.current = true;
          postToParent(origin, { type: "ready" });
        }
        postToParent(origin, { type: "signedIn" });
      } catch (error) {
        if (seq !== exchangeSeq.current) return;
        const failure = error instanceof ExchangeFailure ? error : new ExchangeFailure("network", UNREACHABLE_MESSAGE);
        fail(origin, failure.code, failure.message);
      }
    };
    const handle = (message: SdkMessage | null, started: Promise<unknown> | null = null) => {
      if (!message) return;
      if (message.type === "hello") return postToParent(origin, { type: "hello" });
      if (message.theme) setPageTheme(message.theme);
      // The same token again (its hello was answered twice) needs no second exchange.
      if (message.type === "authenticate" && message.token !== lastToken) {
        lastToken = message.token;
        void authenticate(message.token, started);
      }
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== window.parent) {
        if (event.origin !== window.location.origin) strangerOrigin ??= event.origin;
        return;
      }
      handle(parseSdkMessage(event.data));
    };
    window.addEventListener("message", onMessage);

    // What the boot script heard before this code loaded: its themes, and its exchange for the last token.
    if (boot) {
      const messages = boot.messages.map(parseSdkMessage).filter((message): message is SdkMessage => message !== null);
      const lastToken = messages.findLastIndex((message) => message.type === "authenticate");
      messages.forEach((message, index) => (message.type === "authenticate" ? index === lastToken && handle(message, boot.exchange) : handle(message)));
    } else {
      postToParent(origin, { type: "hello" });
    }
    return () => {
      clearTimeout(stall);
      window.removeEventListener("message", onMessage);
    };
  }, [parentOrigin, queryClient, fail, session]);

  useResizeReporter(parentOrigin, root);
  useEscapeToClose(parentOrigin);

  const theme = mergeThemes(orgTheme, pageTheme);
  return (
    <div
      ref={root}
      className="sy-embed sy-theme"
      data-mode={theme.mode ?? "light"}
      data-session={phase.kind}
      style={themeVariables(theme) as React.CSSProperties}
    >
      {parentOrigin === null ? (
        <StatusScreen kind="error" {...NOT_FRAMED_SCREEN} />
      ) : phase.kind === "stalled" ? (
        <StatusScreen kind="error" {...STALLED_SCREEN} message={phase.message} />
      ) : phase.kind === "failed" ? (
        <StatusScreen kind="error" {...failureScreen(phase.code)} message={phase.message} />
      ) : (
        <EmbedContextProvider
          value={{
            parentOrigin,
            customerName: phase.kind === "ready" ? phase.customerName : "",
            organizationName: phase.kind === "ready" ? phase.organizationName : "",
            signedIn: phase.kind === "ready",
          }}
        >
          <EmbedTrpcProvider client={client} queryClient={queryClient}>
            <EmbedWizardAdapter>{children}</EmbedWizardAdapter>
          </EmbedTrpcProvider>
        </EmbedContextProvider>
      )}
    </div>
  );
}
