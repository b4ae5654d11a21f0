"use client";

import { useEffect } from "react";
import { reportHeight } from "./height-reporter";
import { postToParent } from "./protocol";

/** Tells the vendor page our content height whenever it changes, so the iframe fits it. */
export function useResizeReporter(parentOrigin: string | null, element: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const target = element.current;
    if (!parentOrigin || !target) return;
    return reportHeight(parentOrigin, target);
  }, [parentOrigin, element]);
}

/** Escape inside the frame asks the vendor page to close it (a popover closes; inline frames ignore it). */
export function useEscapeToClose(parentOrigin: string | null) {
  useEffect(() => {
    if (!parentOrigin) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector("[data-sy-dialog-open]")) return; // a dialog inside the frame handles its own Escape
      postToParent(parentOrigin, { type: "close" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [parentOrigin]);
}
