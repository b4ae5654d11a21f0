import { expect, type Frame, type Page } from "@playwright/test";

/** The embedded frame inside the vendor's page. */
export function embedFrame(page: Page, appUrl: string): Frame | undefined {
  return page.frames().find((candidate) => candidate.url().startsWith(`${appUrl}/embed/`));
}

/**
 * Waits until the frame has reported its height and the vendor page has grown it to fit. Until
 * then the frame scrolls its own content, and as it grows the content moves: a click aimed just
 * before lands beside its button (seen as an Activate or Connect click that did nothing).
 */
export async function frameFits(page: Page, appUrl: string, options: { timeout?: number } = {}) {
  const embed = embedFrame(page, appUrl);
  if (!embed) return;
  await expect
    .poll(() => embed.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight), { message: "the frame fits its content", ...options })
    .toBe(true);
}
