import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IntegrationCard } from "@/app/_components/sy/integration-card";
import { StatusScreen } from "../_shell/status-screen";
import { marketplaceDocument } from "./marketplace-document";
import { cardHtml, categoryOptionsHtml, statusScreenHtml, type MarketplaceItem } from "./marketplace-markup";

const ORIGIN = "https://app.vendor.test";
const github = { kind: "brand" as const, title: "GitHub", path: "M12 .297c-6.63 0-12 5.373-12 12", color: "#181717" };

const item = (overrides: Partial<MarketplaceItem> = {}): MarketplaceItem => ({
  key: "github-zendesk",
  name: "GitHub ↔ Zendesk",
  description: "Issues become tickets.",
  category: "Support",
  icon: github,
  instance: null,
  ...overrides,
});

/** Markup with every tag's attributes in one order, so React's and ours compare by what they say. */
function normalized(html: string): string {
  return html.replace(/<([a-z0-9]+)((?:\s+[^\s=>]+="[^"]*")*)\s*\/?>/gi, (_, tag: string, attributes: string) => {
    const sorted = [...attributes.matchAll(/([^\s=]+)="([^"]*)"/g)].map(([, name, value]) => `${name}="${value}"`).sort();
    return `<${tag}${sorted.map((attribute) => ` ${attribute}`).join("")}>`;
  });
}

// React hoists a preload hint for each image ahead of the markup: not part of the card.
const reactCard = (data: MarketplaceItem, href: string) =>
  renderToStaticMarkup(createElement(IntegrationCard, { card: { ...data, instanceStatus: data.instance?.status ?? null }, href })).replace(
    /^<link rel="preload"[^>]*\/?>/,
    "",
  );

describe("the marketplace page's markup", () => {
  it("draws a card as the React card does: logo, name, Active badge, category, description and its link", () => {
    const active = item({ instance: { id: "i-1", status: "active", needsReconnect: [] } });
    const href = `/embed/v1/integrations/github-zendesk?parentOrigin=${encodeURIComponent(ORIGIN)}`;
    expect(normalized(cardHtml(active, ORIGIN))).toBe(normalized(reactCard(active, href)));
    // A vendor's own image, no category, and a card without an instance (no badge).
    const plain = item({ icon: { kind: "image", src: "https://cdn.vendor.test/logo.png" }, category: null });
    expect(normalized(cardHtml(plain, ORIGIN))).toBe(normalized(reactCard(plain, href)));
    const noLogo = item({ icon: null, description: "" });
    expect(normalized(cardHtml(noLogo, ORIGIN))).toBe(normalized(reactCard(noLogo, href)));
    expect(cardHtml(noLogo, ORIGIN)).toContain(">GZ</span>");
  });

  it("sends a card whose connection needs reconnecting to its instance, with the Reconnect notice", () => {
    const broken = item({
      instance: {
        id: "i-9",
        status: "active",
        needsReconnect: [
          { key: "github", connector: "github", label: "GitHub", reason: "invalid_grant" },
          { key: "zd", connector: "zendesk", label: "Zendesk", reason: null },
        ],
      },
    });
    const html = cardHtml(broken, ORIGIN);
    expect(html).toContain(`href="/embed/v1/instances/i-9?parentOrigin=${encodeURIComponent(ORIGIN)}"`);
    expect(html).toContain('data-testid="card-reconnect"');
    expect(html).toContain("Reconnect GitHub, Zendesk");
  });

  it("escapes what the vendor wrote, and keeps the key in the link's path", () => {
    const html = cardHtml(item({ key: "a/b?c", name: `<img src=x onerror="alert(1)">`, description: "Tom & Jerry's" }), ORIGIN);
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62;");
    expect(html).toContain("Tom &#38; Jerry&#39;s");
    expect(html).toContain("/embed/v1/integrations/a%2Fb%3Fc?parentOrigin=");
  });

  it("keeps a chosen category among the choices even when no integration has it", () => {
    const html = categoryOptionsHtml(["CRM", "Support"], "Billing");
    expect(html).toContain('<option value="">All categories</option>');
    expect(html).toContain('<option value="Billing" selected>Billing</option>');
    expect(html.match(/<option/g)).toHaveLength(4);
  });

  it("draws the frame's error screens as the React pages do", () => {
    const screen = { title: "Still waiting to be signed in", message: "The page has not sent a token.", testId: "embed-sign-in-missing" };
    expect(normalized(statusScreenHtml(screen))).toBe(normalized(renderToStaticMarkup(createElement(StatusScreen, { kind: "error", ...screen }))));
  });
});

describe("the marketplace document", () => {
  const base = {
    organizationTheme: { primaryColor: "#7c3aed" },
    filter: { search: "", category: "" },
    nonce: "n0nce",
    assets: { script: "/*script*/", style: "/*style*/" },
  };

  it("has the cards, the theme, and its boot script first and its own script last, both with the response's nonce", () => {
    const html = marketplaceDocument({ ...base, parentOrigin: ORIGIN, preview: { categories: ["Support"], items: [item()] } });
    expect(html).toContain('data-testid="integration-card"');
    expect(html).toContain('style="--sy-primary:#7c3aed"');
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script nonce="n0nce">', '<script nonce="n0nce">']);
    expect(html.indexOf("__switchyardBoot")).toBeLessThan(html.indexOf("<style>"));
    expect(html.indexOf("/*script*/")).toBeGreaterThan(html.indexOf('data-testid="integration-card"'));
    expect(html).toContain("<style>/*style*/</style>");
    // With the catalogue drawn, the page's script posts `ready` without waiting for the sign-in.
    expect(html).toContain('"catalogueDrawn":true');
  });

  it("shows a spinner until the session brings the cards when there is no public catalogue for the origin, and is ready only then", () => {
    const html = marketplaceDocument({ ...base, parentOrigin: ORIGIN, preview: null });
    expect(html).toContain("Loading integrations…");
    expect(html).not.toContain("integration-card");
    expect(html).toContain('"catalogueDrawn":false');
  });

  it("keeps what a URL put in the search box inside its script and attribute", () => {
    const search = `</script><script>alert(1)</script>"`;
    const html = marketplaceDocument({ ...base, parentOrigin: ORIGIN, filter: { search, category: "" }, preview: null });
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('value="&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#34;"');
  });

  it("says it works only inside an app when it has no parentOrigin", () => {
    const html = marketplaceDocument({ ...base, parentOrigin: null, preview: null });
    expect(html).toContain("This page works inside an app");
    expect(html).toContain("window.__switchyardMarketplace=null;");
  });
});
