"use client";

import { createContext, useCallback, useContext, useMemo } from "react";
import { postToParent, type FrameEventName } from "./protocol";

interface EmbedContextValue {
  parentOrigin: string;
  customerName: string;
  organizationName: string;
  /** The session exchange has finished; until then the page is drawn and its requests wait for it. */
  signedIn: boolean;
}

const EmbedContext = createContext<EmbedContextValue | null>(null);

export const EmbedContextProvider = EmbedContext.Provider;

/** What a page inside the frame needs: events to the vendor page, and links that keep parentOrigin. */
export function useEmbed() {
  const value = useContext(EmbedContext);
  if (!value) throw new Error("useEmbed needs the embed shell around it");
  const { parentOrigin } = value;
  const emit = useCallback(
    (name: FrameEventName, payload: Record<string, unknown>) => postToParent(parentOrigin, { type: "event", name, payload }),
    [parentOrigin],
  );
  const href = useCallback(
    (path: string, params: Record<string, string | undefined> = {}) => {
      const query = new URLSearchParams();
      for (const [key, val] of Object.entries(params)) if (val) query.set(key, val);
      query.set("parentOrigin", parentOrigin);
      return `/embed/v1/${path.replace(/^\//, "")}?${query.toString()}`;
    },
    [parentOrigin],
  );
  return useMemo(() => ({ ...value, emit, href, close: () => postToParent(parentOrigin, { type: "close" }) }), [value, emit, href, parentOrigin]);
}
