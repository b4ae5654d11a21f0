"use client";

import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { mergeThemes, themeVariables, type EmbedTheme } from "@/server/modules/embed/embed-theme";
import { EmbedContextProvider } from "./embed-context";
import { createEmbedClient, createEmbedQueryClient, EmbedTrpcProvider } from "./embed-trpc";
import { EmbedWizardAdapter } from "./embed-wizard-adapter";
import { parseSdkMessage, postToParent, readParentOrigin } from "./protocol";
import { missingSignInReason, SIGN_IN_PATIENCE_MS } from "./sign-in-wait";
import { StatusScreen } from "./status-screen";
import { useEscapeToClose, useResizeReporter } from "./use-frame-reporting";

type Phase =
  | { kind: "waiting" }
  | { kind: "stalled"; message: string }
  | { kind: "ready"; organizationName: string; customerName: string }
  | { kind: "failed"; code: string; message: string };

/** The exchange's refusal as a protocol error code: FORBIDDEN is the origin check, the rest the token. */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === "FORBIDDEN") return { code: "forbidden_origin", message: error.message.replace(/^forbidden_origin:\s*/, "") };
    if (code === "UNAUTHORIZED" || code === "BAD_REQUEST") return { code: "unauthorized", message: error.message };
    return { code: "server_error", message: error.message };
  }
  return { code: "network", message: "The integrations server could not be reached." };
}

/**
 * Handshake and session of the embedded pages: post `hello`, wait for `authenticate`, exchange the
 * JWT for a sealed session kept in memory only, post `ready`. A later `authenticate` replaces the
 * session in place; an `unauthorized` answer at any time shows the not-authorised state.
 */
export function EmbedShell({ children }: { children: React.ReactNode }) {
  const [parentOrigin, setParentOrigin] = useState<string | null | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ kind: "waiting" });
  const [orgTheme, setOrgTheme] = useState<EmbedTheme>({});
  const [pageTheme, setPageTheme] = useState<EmbedTheme>({});
  const token = useRef<string | null>(null);
  const exchangeSeq = useRef(0);
  const root = useRef<HTMLDivElement>(null);
  const [client] = useState(() => createEmbedClient(() => token.current));

  const fail = useCallback((origin: string, code: string, message: string) => {
    token.current = null;
    setPhase({ kind: "failed", code, message });
    postToParent(origin, { type: "error", code, message });
  }, []);
  const originRef = useRef<string | null>(null);
  const [queryClient] = useState(() =>
    createEmbedQueryClient(() => {
      if (originRef.current && token.current) fail(originRef.current, "unauthorized", "The session has expired. Authenticate again.");
    }),
  );

  useEffect(() => {
    const origin = readParentOrigin(window.location.search);
    originRef.current = origin;
    setParentOrigin(origin);
    if (!origin) return;
    let strangerOrigin: string | null = null;
    const stall = setTimeout(() => {
      const message = missingSignInReason(origin, { framed: window.parent !== window, strangerOrigin });
      setPhase((current) => (current.kind === "waiting" ? { kind: "stalled", message } : current));
      postToParent(origin, { type: "error", code: "no_token", message });
    }, SIGN_IN_PATIENCE_MS);
    const onMessage = async (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== window.parent) {
        if (event.origin !== window.location.origin) strangerOrigin ??= event.origin;
        return;
      }
      const message = parseSdkMessage(event.data);
      if (!message) return;
      if (message.theme) setPageTheme(message.theme);
      if (message.type !== "authenticate") return;
      clearTimeout(stall);
      const seq = ++exchangeSeq.current;
      try {
        const session = await client.embed.exchange.mutate({ token: message.token, parentOrigin: origin });
        if (seq !== exchangeSeq.current) return; // a newer token arrived meanwhile
        const renewing = token.current !== null;
        token.current = session.sessionToken;
        setOrgTheme(session.theme);
        setPhase({ kind: "ready", organizationName: session.organizationName, customerName: session.customerName });
        if (renewing) await queryClient.invalidateQueries();
        postToParent(origin, { type: "ready" });
      } catch (error) {
        if (seq !== exchangeSeq.current) return;
        const failure = failureOf(error);
        fail(origin, failure.code, failure.message);
      }
    };
    window.addEventListener("message", onMessage);
    postToParent(origin, { type: "hello" });
    return () => {
      clearTimeout(stall);
      window.removeEventListener("message", onMessage);
    };
  }, [client, queryClient, fail]);

  useResizeReporter(parentOrigin ?? null, root);
  useEscapeToClose(parentOrigin ?? null);

  const theme = mergeThemes(orgTheme, pageTheme);
  return (
    <div ref={root} className="sy-embed sy-theme" data-mode={theme.mode ?? "light"} style={themeVariables(theme) as React.CSSProperties}>
      {parentOrigin === undefined ? (
        <StatusScreen kind="loading" title="Loading…" />
      ) : parentOrigin === null ? (
        <StatusScreen kind="error" title="This page works inside an app" message="Open the integrations from the product that embeds them (its Switchyard SDK passes the parentOrigin this page needs)." />
      ) : phase.kind === "waiting" ? (
        <StatusScreen kind="loading" title="Signing you in…" />
      ) : phase.kind === "stalled" ? (
        <StatusScreen kind="error" testId="embed-sign-in-missing" title="Still waiting to be signed in" message={phase.message} />
      ) : phase.kind === "failed" ? (
        <StatusScreen
          kind="error"
          testId={phase.code === "unauthorized" ? "not-authorized" : `embed-error-${phase.code}`}
          title={phase.code === "unauthorized" ? "You are not signed in to the integrations" : phase.code === "forbidden_origin" ? "This site may not show the integrations" : "The integrations could not load"}
          message={phase.message}
        />
      ) : (
        <EmbedContextProvider value={{ parentOrigin, customerName: phase.customerName, organizationName: phase.organizationName }}>
          <EmbedTrpcProvider client={client} queryClient={queryClient}>
            <EmbedWizardAdapter>{children}</EmbedWizardAdapter>
          </EmbedTrpcProvider>
        </EmbedContextProvider>
      )}
    </div>
  );
}
