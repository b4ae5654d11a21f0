"use client";

import { useEffect } from "react";
import { postToParent } from "./protocol";

/** Tells the vendor page our content height whenever it changes, so the iframe fits it. */
export function useResizeReporter(parentOrigin: string | null, element: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const target = element.current;
    if (!parentOrigin || !target) return;
    let last = -1;
    const report = () => {
      const height = Math.ceil(target.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        postToParent(parentOrigin, { type: "resize", height });
      }
    };
    const observer = new ResizeObserver(report);
    observer.observe(target);
    report();
    return () => observer.disconnect();
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
