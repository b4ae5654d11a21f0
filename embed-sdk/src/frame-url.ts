/**
 * Builds the URLs the frames load. The token never goes into a URL: URLs end up in server logs,
 * browser history and Referer headers, so credentials travel by postMessage only.
 */
import type { FrameTarget } from "./types.js";

export interface SwitchyardServer {
  /** Base URL without a trailing slash; keeps a path prefix such as `/switchyard`. */
  base: string;
  /** The only origin frames are allowed to talk to us from, and the only one we post to. */
  origin: string;
}

export function parseServerUrl(url: string): SwitchyardServer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Switchyard: init({ url }) needs an absolute URL, got "${url}"`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`Switchyard: the url must be http(s), got "${parsed.protocol}"`);
  }
  return { base: parsed.origin + parsed.pathname.replace(/\/+$/, ""), origin: parsed.origin };
}

function targetPath(target: FrameTarget): string {
  switch (target.view) {
    case "marketplace":
      return "marketplace";
    case "integration":
      return `integrations/${encodeURIComponent(target.integrationKey)}`;
    case "instance":
      return `instances/${encodeURIComponent(target.instanceId)}`;
    case "logs":
      return "logs";
  }
}

export function buildFrameUrl(server: SwitchyardServer, target: FrameTarget, parentOrigin: string): string {
  const url = new URL(`${server.base}/embed/v1/${targetPath(target)}`);
  const query = url.searchParams;
  if (target.view === "marketplace") {
    if (target.filters?.category) query.set("category", target.filters.category);
    if (target.filters?.search) query.set("search", target.filters.search);
  }
  if (target.view === "logs" && target.instanceId) query.set("instanceId", target.instanceId);
  // The frame posts only to this origin and the server checks it against the allowed origins.
  query.set("parentOrigin", parentOrigin);
  return url.toString();
}

/** The same frame page: same address and the same query parameters in any order. */
export function isSameFrameUrl(candidate: string, expected: string): boolean {
  let a: URL;
  try {
    a = new URL(candidate);
  } catch {
    return false;
  }
  const b = new URL(expected);
  const params = (url: URL) =>
    [...url.searchParams]
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join("&");
  return a.origin === b.origin && a.pathname === b.pathname && params(a) === params(b);
}

/** A Switchyard frame the page declared in `container`'s HTML, if any (a direct child iframe on the server's embed pages). */
export function declaredFrame(container: HTMLElement, server: SwitchyardServer): HTMLIFrameElement | undefined {
  for (const child of Array.from(container.children)) {
    if (child.tagName === "IFRAME" && (child as HTMLIFrameElement).src.startsWith(`${server.base}/embed/v1/`)) return child as HTMLIFrameElement;
  }
  return undefined;
}
