/**
 * Where a load of the embedded marketplace spends its time, read from the browser's own
 * performance entries: the vendor page's (the SDK script, the token, the frame's messages as they
 * arrive) and the frame's (its document, first paint, scripts, the session exchange, main-thread
 * work). Every mark is in ms since the vendor page's navigation started; the two documents' clocks
 * are lined up through their `performance.timeOrigin`.
 */
import type { Frame, Page } from "@playwright/test";

/**
 * Runs in every document before its own scripts: the vendor page notes when frame messages arrive
 * and its load event, the frame its long tasks, its first card and the customer's Active badge.
 * Each of these moments also calls the `__benchMark` binding (bench/embed.ts), which is how the
 * command learns of them without polling the pages it measures.
 */
export const TIMELINE_INIT_SCRIPT = `(() => {
  const mark = (name) => { try { window.__benchMark?.(name); } catch {} };
  if (window.top === window) {
    window.__frameMessages = {};
    window.addEventListener("message", (event) => {
      const data = event.data;
      if (data && data.source === "switchyard" && typeof data.type === "string" && window.__frameMessages[data.type] === undefined) {
        window.__frameMessages[data.type] = performance.now();
        mark(data.type);
      }
    });
    window.addEventListener("load", () => mark("load"));
  } else {
    window.__longTasks = [];
    try {
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); }).observe({ type: "longtask", buffered: true });
    } catch {}
    // When the first card is in the page, and when the customer's own state is: an Active badge (the session's page drawn).
    new MutationObserver((_, observer) => {
      if (window.__cardAt === undefined && document.querySelector('[data-testid="integration-card"]')) {
        window.__cardAt = performance.now();
        mark("card");
      }
      if (!document.querySelector('[data-testid="active-badge"]')) return;
      window.__badgeAt = performance.now();
      mark("badge");
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  }
})();`;

export type Timeline = Record<string, number>;

/** The marks of one marketplace load, after its `ready`. */
export async function marketplaceTimeline(page: Page, appOrigin: string): Promise<Timeline> {
  const top = await page.evaluate((app) => {
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const sdk = resources.find((entry) => entry.name.startsWith(`${app}/embed.js`));
    const token = resources.find((entry) => new URL(entry.name).pathname === "/token");
    const messages = (window as unknown as { __frameMessages?: Record<string, number> }).__frameMessages ?? {};
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      timeOrigin: performance.timeOrigin,
      sdk: sdk?.responseEnd,
      token: token?.responseEnd,
      hello: messages.hello,
      resize: messages.resize,
      ready: messages.ready,
      signedIn: messages.signedIn,
      load: navigation.loadEventStart || undefined,
    };
  }, appOrigin);
  const frame = appFrame(page, appOrigin);
  const inner = await frame.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const exchange = resources.find((entry) => entry.name.includes("/api/trpc/embed.exchange"));
    const scripts = resources.filter((entry) => entry.initiatorType === "script");
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const longTasks = (window as unknown as { __longTasks?: number[] }).__longTasks ?? [];
    const badgeAt = (window as unknown as { __badgeAt?: number }).__badgeAt;
    return {
      timeOrigin: performance.timeOrigin,
      requestStart: navigation.requestStart,
      responseStart: navigation.responseStart,
      responseEnd: navigation.responseEnd,
      domInteractive: navigation.domInteractive,
      firstPaint: paint?.startTime,
      exchangeStart: exchange?.startTime,
      exchangeEnd: exchange?.responseEnd,
      exchangeConnect: exchange ? exchange.requestStart - exchange.startTime : undefined,
      exchangeServer: exchange ? exchange.responseStart - exchange.requestStart : undefined,
      scriptsEnd: scripts.length ? Math.max(...scripts.map((entry) => entry.responseEnd)) : undefined,
      longTaskMs: longTasks.reduce((sum, ms) => sum + ms, 0),
      badgeAt,
    };
  });
  const shift = inner.timeOrigin - top.timeOrigin;
  const inFrame = (ms: number | undefined) => (ms === undefined ? NaN : ms + shift);
  return {
    "SDK script loaded": top.sdk ?? NaN,
    "frame created": shift,
    "frame document: first byte": inFrame(inner.responseStart),
    "frame document: last byte": inFrame(inner.responseEnd),
    "frame: first paint": inFrame(inner.firstPaint),
    "hello received": top.hello ?? NaN,
    "token fetched (vendor)": top.token ?? NaN,
    "exchange sent": inFrame(inner.exchangeStart),
    "exchange answered": inFrame(inner.exchangeEnd),
    "frame scripts loaded": inFrame(inner.scriptsEnd),
    "first resize (the frame's first layout)": top.resize ?? NaN,
    "ready received": top.ready ?? NaN,
    "signedIn received": top.signedIn ?? NaN,
    "customer's Active badge in the frame": inFrame(inner.badgeAt),
    "vendor page: load event": top.load ?? NaN,
    "frame long tasks (sum, ms)": inner.longTaskMs,
    "server time of the document": inner.responseStart - inner.requestStart,
    "exchange: before its request went out (connection)": inner.exchangeConnect ?? NaN,
    "exchange: server time": inner.exchangeServer ?? NaN,
  };
}

/**
 * The marks of one near-empty frame load, after the vendor page's load event. `/api/health` may not
 * be framed (frame-ancestors 'none', like every non-embed answer), so the browser fetches it and
 * shows its own error page in the frame: the request's timing comes from the vendor page's entry
 * for the iframe.
 */
export async function emptyTimeline(page: Page, appOrigin: string): Promise<Timeline> {
  const top = await page.evaluate((app) => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const frame = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find(
      (entry) => entry.initiatorType === "iframe" && entry.name.startsWith(app),
    );
    return { load: navigation.loadEventStart, frameStart: frame?.startTime, frameEnd: frame?.responseEnd };
  }, appOrigin);
  return {
    "frame created": top.frameStart ?? NaN,
    "frame document: last byte": top.frameEnd ?? NaN,
    "vendor page: load event": top.load,
  };
}

function appFrame(page: Page, appOrigin: string): Frame {
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame() && candidate.url().startsWith(appOrigin));
  if (!frame) throw new Error(`no frame of ${appOrigin} on the vendor page`);
  return frame;
}

/** Median of each mark over the loads, in the first load's order (NaN marks left out of the median). */
export function medianTimeline(timelines: Timeline[], median: (samples: number[]) => number): { mark: string; "median ms": number }[] {
  const marks = Object.keys(timelines[0] ?? {});
  return marks.map((mark) => {
    const samples = timelines.map((timeline) => timeline[mark]!).filter((value) => Number.isFinite(value));
    return { mark, "median ms": samples.length ? median(samples) : NaN };
  });
}
