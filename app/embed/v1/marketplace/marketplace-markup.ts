/**
 * The marketplace page's markup as HTML strings: the server draws the first HTML with it
 * (marketplace-document.ts), and the page's script (marketplace-frame.ts) draws the grid again
 * with it when the session brings the customer's page or a filter changes. It is the markup the
 * React components draw (IntegrationCard, IntegrationIcon, StatusBadge, Spinner, Alert,
 * StatusScreen), so the card looks the same here, in the console's preview and in the other embed
 * pages; marketplace-markup.test.ts holds them equal. Every text and attribute value is escaped.
 */
import type { IconView } from "@/server/modules/icons/brand-icons";
import { nameInitials, statusLabel, statusTone } from "@/app/_components/sy/display-text";

export interface MarketplaceItem {
  key: string;
  name: string;
  description: string;
  category: string | null;
  icon: IconView | null;
  instance: { id: string; status: string; needsReconnect: { key: string; connector: string; label: string; reason: string | null }[] } | null;
}

export interface MarketplaceListing {
  categories: string[];
  items: MarketplaceItem[];
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** An embed page's address inside the frame, keeping parentOrigin (embed-context.tsx's `href`). */
export function embedHref(parentOrigin: string, path: string): string {
  return `/embed/v1/${path}?${new URLSearchParams({ parentOrigin }).toString()}`;
}

export function iconHtml(icon: IconView | null, name: string): string {
  if (icon?.kind === "brand") {
    return `<span class="sy-icon sy-icon-brand" style="--sy-icon-color:${escapeHtml(icon.color)}" aria-hidden="true" data-icon="${escapeHtml(icon.title)}"><svg viewBox="0 0 24 24" role="presentation"><path d="${escapeHtml(icon.path)}" fill="currentColor"></path></svg></span>`;
  }
  const inner = icon?.kind === "image" ? `<img src="${escapeHtml(icon.src)}" alt=""/>` : escapeHtml(nameInitials(name));
  return `<span class="sy-icon" aria-hidden="true">${inner}</span>`;
}

function badgeHtml(status: string): string {
  return `<span class="sy-badge sy-badge-${statusTone(status)}" data-testid="active-badge">${escapeHtml(statusLabel(status))}</span>`;
}

/** One card: to the instance when a connection needs reconnecting (the card says so), else to the integration. */
export function cardHtml(item: MarketplaceItem, parentOrigin: string): string {
  const reconnect = item.instance?.needsReconnect ?? [];
  const href =
    item.instance && reconnect.length
      ? embedHref(parentOrigin, `instances/${item.instance.id}`)
      : embedHref(parentOrigin, `integrations/${encodeURIComponent(item.key)}`);
  const status = item.instance?.status;
  return [
    `<a class="sy-card sy-tile h-full p-4" data-testid="integration-card" href="${escapeHtml(href)}">`,
    `<div class="flex items-start gap-3">${iconHtml(item.icon, item.name)}<div class="min-w-0 flex-1">`,
    `<div class="flex flex-wrap items-center gap-2"><h2 class="font-semibold">${escapeHtml(item.name)}</h2>${status && status !== "configuring" ? badgeHtml(status) : ""}</div>`,
    item.category ? `<p class="sy-muted text-xs">${escapeHtml(item.category)}</p>` : "",
    `</div></div>`,
    item.description ? `<p class="sy-muted mt-3 line-clamp-3 text-sm">${escapeHtml(item.description)}</p>` : "",
    reconnect.length
      ? `<p class="sy-prompt mt-3 text-sm" data-testid="card-reconnect"><span class="sy-prompt-title font-semibold">Reconnect ${escapeHtml(reconnect.map((c) => c.label).join(", "))}</span><span class="block">Runs are waiting until you do. Open to reconnect.</span></p>`
      : "",
    `</a>`,
  ].join("");
}

/** The grid, or the sentence that stands for an empty one. */
export function resultsHtml(listing: MarketplaceListing, parentOrigin: string, filtered: boolean): string {
  if (listing.items.length === 0) {
    return `<p class="sy-muted py-8 text-center text-sm" data-testid="marketplace-empty">${filtered ? "No integration matches your search." : "No integrations are available yet."}</p>`;
  }
  return `<ul class="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="marketplace-grid">${listing.items.map((item) => `<li>${cardHtml(item, parentOrigin)}</li>`).join("")}</ul>`;
}

/** The category choices: every category of the catalogue, and the chosen one even when no listed integration has it any more. */
export function categoryOptionsHtml(categories: string[], chosen: string): string {
  const names = [...new Set([...categories, ...(chosen ? [chosen] : [])])];
  return [
    `<option value="">All categories</option>`,
    ...names.map((name) => `<option value="${escapeHtml(name)}"${name === chosen ? " selected" : ""}>${escapeHtml(name)}</option>`),
  ].join("");
}

export function spinnerHtml(label: string): string {
  return `<span class="inline-flex items-center gap-2" role="status"><span class="sy-spinner" aria-hidden="true"></span><span class="sy-muted text-sm">${escapeHtml(label)}</span></span>`;
}

export function alertHtml(message: string): string {
  return `<div class="sy-alert" role="alert">${escapeHtml(message)}</div>`;
}

/** The frame's error screens (status-screen.tsx). */
export function statusScreenHtml(options: { title: string; message?: string; testId?: string }): string {
  return [
    `<div class="flex min-h-48 flex-col items-center justify-center gap-3 p-8 text-center" role="alert"${options.testId ? ` data-testid="${escapeHtml(options.testId)}"` : ""}>`,
    `<div class="sy-error-icon" aria-hidden="true">!</div>`,
    `<h1 class="text-base font-semibold">${escapeHtml(options.title)}</h1>`,
    options.message ? `<p class="sy-muted max-w-md text-sm">${escapeHtml(options.message)}</p>` : "",
    `</div>`,
  ].join("");
}
