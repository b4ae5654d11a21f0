/**
 * The marketplace page as the server sends it: one HTML document with its stylesheet and script
 * inlined (marketplace-assets.ts), the organization's theme, the filters and the public catalogue's
 * cards already drawn, so the frame paints with its first response and needs no other request
 * before the session exchange. Without a parentOrigin it says that it works only inside an app.
 */
import { themeVariables, type EmbedTheme } from "@/server/modules/embed/embed-theme";
import { bootScript } from "../_shell/boot-script";
import { NOT_FRAMED_SCREEN } from "../_shell/frame-screens";
import type { MarketplaceFrameState } from "./marketplace-frame";
import { categoryOptionsHtml, escapeHtml, resultsHtml, spinnerHtml, statusScreenHtml, type MarketplaceListing } from "./marketplace-markup";

export interface MarketplaceDocument {
  parentOrigin: string | null;
  organizationTheme: EmbedTheme;
  filter: { search: string; category: string };
  /** The organization's public catalogue for these filters (public-marketplace.ts), when there is one. */
  preview: MarketplaceListing | null;
  nonce: string;
  assets: { script: string; style: string };
}

/** JSON that may sit inside a <script> element: nothing in it can close the element or end a line early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function marketplaceMain(page: MarketplaceDocument, parentOrigin: string): string {
  const { filter, preview } = page;
  return [
    `<main id="sy-marketplace" class="space-y-4 p-4" aria-busy="false">`,
    `<div class="flex flex-wrap items-end gap-3">`,
    `<h1 class="mr-auto text-lg font-semibold">Integrations</h1>`,
    `<label class="flex min-w-48 flex-1 flex-col gap-1 text-sm sm:max-w-64"><span class="sy-muted">Search</span><input id="sy-search" class="sy-input" type="search" value="${escapeHtml(filter.search)}" placeholder="Search integrations"/></label>`,
    `<label class="flex flex-col gap-1 text-sm"><span class="sy-muted">Category</span><select id="sy-category" class="sy-input">${categoryOptionsHtml(preview?.categories ?? [], filter.category)}</select></label>`,
    `</div>`,
    `<div id="sy-results">${preview ? resultsHtml(preview, parentOrigin, Boolean(filter.search || filter.category)) : spinnerHtml("Loading integrations…")}</div>`,
    `</main>`,
  ].join("");
}

export function marketplaceDocument(page: MarketplaceDocument): string {
  const { parentOrigin, organizationTheme } = page;
  const style = Object.entries(themeVariables(organizationTheme))
    .map(([name, value]) => `${name}:${value}`)
    .join(";");
  // What the boot script's exchange asks for: the listing with the filters of the URL.
  const prefetch = { marketplace: { search: page.filter.search || undefined, category: page.filter.category || undefined } };
  const state: MarketplaceFrameState | null = parentOrigin ? { parentOrigin, organizationTheme, prefetch, catalogueDrawn: page.preview !== null } : null;
  const content = parentOrigin ? marketplaceMain(page, parentOrigin) : statusScreenHtml(NOT_FRAMED_SCREEN);
  const nonce = escapeHtml(page.nonce);
  return [
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>`,
    // First, so the handshake starts as soon as the first bytes are in.
    parentOrigin ? `<script nonce="${nonce}">${bootScript(parentOrigin, prefetch)}</script>` : "",
    `<meta name="viewport" content="width=device-width, initial-scale=1"/>`,
    `<title>Integrations · Switchyard</title><meta name="robots" content="noindex, nofollow"/>`,
    `<style>${page.assets.style}</style></head>`,
    `<body class="min-h-screen font-sans antialiased">`,
    `<div id="sy-root" class="sy-embed sy-theme" data-mode="${organizationTheme.mode ?? "light"}" data-session="waiting"${style ? ` style="${escapeHtml(style)}"` : ""}>${content}</div>`,
    `<script nonce="${nonce}">window.__switchyardMarketplace=${scriptJson(state)};${page.assets.script}</script>`,
    `</body></html>`,
  ].join("");
}
