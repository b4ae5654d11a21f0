/**
 * bench:embed — the size of the script a vendor adds to their page (public/embed.js, built by
 * `npm run build:sdk`), raw and gzipped; and the time from navigating to a vendor page until the
 * embedded marketplace is interactive (the frame's `ready` message reached the vendor page), when
 * its first integration card was in the frame, and when the customer's own state was (the Active
 * badge of the customer's instance: the session exchange has answered), beside the same vendor
 * page framing a near-empty page of the same server (`/api/health`, until its page's load event);
 * the marketplace both with the frame the SDK creates and with the frame written into the vendor
 * page's HTML, which the SDK takes over.
 * Chromium through Playwright, a fresh browser context (cold cache) per load, median of 10 after
 * one warm-up load. Also what the frame ships: the requests it made to the app before it was
 * ready, its document and the scripts it loaded (bytes on the wire and decoded; styles and any
 * inline script are inside the document).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page, type Request } from "@playwright/test";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { db } from "@/server/db/client";
import { prepareEmbedOrganization, publishListedIntegration } from "@/server/modules/embed/embed-fixtures";
import { createInstance } from "@/server/modules/instances/instances.service";
import { startHostServer } from "@/e2e/fixtures/host-server";
import { manualFlowManifest } from "@/e2e/fixtures/seed-script";
import { ensureProductionBuild, root, runBench, startBenchDatabase, startProductionServer } from "./harness";
import { emptyTimeline, marketplaceTimeline, medianTimeline, TIMELINE_INIT_SCRIPT, type Timeline } from "./embed-timeline";
import { machineLine, percentile, printTable } from "./table";

const LOADS = Number(process.env.BENCH_RUNS ?? 10);
const KID = "bench-rs256";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const median = (samples: number[]) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );

/**
 * The moments a load is timed by, as the pages report them through the `__benchMark` binding
 * (embed-timeline.ts): the vendor page's load event, the frame's `ready` and `signedIn` messages,
 * the frame's first card and the customer's Active badge in it. A binding call is one message to
 * the command; nothing is injected into the pages or polled while they load (Playwright's checks
 * put their own script into each page they look at and poll it every frame, on the main thread
 * the marketplace and the vendor page share, and only the marketplace's loads paid for that).
 */
type Moment = "load" | "ready" | "card" | "badge";

/** When the command heard of each moment (Node's clock, ms since navigation) and the requests made to the app by then. */
type Heard = Partial<Record<Moment, { ms: number; requests: number }>>;

interface Load {
  /** Every moment the load waited for. */
  heard: Heard;
  /** The frame's document (with its inline styles and scripts): bytes on the wire and decoded. */
  documentWireBytes: number;
  documentBytes: number;
  /** Scripts the frame (the app's origin) loaded: count, bytes on the wire and decoded. */
  scripts: number;
  scriptWireBytes: number;
  scriptBytes: number;
  /** Where the time went (embed-timeline.ts). */
  timeline: Timeline;
}

async function timeLoads(
  browser: Browser,
  url: string,
  appOrigin: string,
  /** The moments to wait for. */
  awaited: Moment[],
  timeline: (page: Page, appOrigin: string) => Promise<Timeline>,
): Promise<Load[]> {
  const loads: Load[] = [];
  for (let i = 0; i <= LOADS; i++) {
    const context = await browser.newContext();
    let started = 0;
    let requests = 0;
    const heard: Heard = {};
    let allHeard: () => void = () => {};
    const everyMoment = new Promise<void>((resolve) => {
      allHeard = resolve;
    });
    await context.exposeBinding("__benchMark", (_source, name: Moment) => {
      heard[name] ??= { ms: performance.now() - started, requests };
      if (awaited.every((moment) => heard[moment])) allHeard();
    });
    await context.addInitScript({ content: TIMELINE_INIT_SCRIPT });
    const page = await context.newPage();
    const scripts: Request[] = [];
    let frameDocument: Request | undefined;
    page.on("request", (request) => {
      if (!request.url().startsWith(appOrigin) || request.url().startsWith(`${appOrigin}/embed.js`)) return;
      requests++;
      if (request.resourceType() === "script") scripts.push(request);
      if (request.resourceType() === "document") frameDocument ??= request;
    });
    started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      everyMoment,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${url}: not every one of ${awaited.join(", ")} within 60 s (heard: ${Object.keys(heard).join(", ") || "none"})`)),
          60_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const timelineMarks = await timeline(page, appOrigin);
    await page.waitForLoadState("networkidle");
    let wire = 0;
    let decoded = 0;
    for (const request of scripts) {
      const response = await request.response();
      if (!response) continue;
      wire += (await request.sizes()).responseBodySize;
      decoded += (await response.body()).length;
    }
    const documentResponse = await frameDocument?.response();
    const documentWireBytes = documentResponse ? (await frameDocument!.sizes()).responseBodySize : 0;
    const documentBytes = documentResponse ? (await documentResponse.body().catch(() => Buffer.alloc(0))).length : 0;
    if (i > 0)
      loads.push({
        heard,
        documentWireBytes,
        documentBytes,
        scripts: scripts.length,
        scriptWireBytes: wire,
        scriptBytes: decoded,
        timeline: timelineMarks,
      }); // the first load warms the server
    await context.close();
  }
  return loads;
}

await runBench(async (cleanup) => {
  process.stdout.write(`bench:embed — ${machineLine()}\n${LOADS} loads each after one warm-up, fresh browser context per load\n`);
  await ensureProductionBuild();
  const script = readFileSync(path.join(root, "public", "embed.js"));
  printTable("Script bundle (public/embed.js)", [
    { "raw bytes": script.length, "gzip -9 bytes": gzipSync(script, { level: 9 }).length, "gzip KiB": gzipSync(script, { level: 9 }).length / 1024 },
  ]);

  const database = await startBenchDatabase("bench_embed");
  cleanup.add(() => database.stop());
  const web = await startProductionServer({ databaseUrl: database.url });
  cleanup.add(() => web.stop());

  const vendorKey = await generateKeyPair("RS256", { extractable: true });
  const organization = await db().organization.create({ data: { name: "Vendor (bench)", slug: `vendor-bench-${Date.now()}` } });
  const token = () =>
    new SignJWT({ customer: "acme-corp", customerName: "Acme Corp" })
      .setProtectedHeader({ alg: "RS256", kid: KID })
      .setIssuer(organization.id)
      .setSubject("user-42")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(vendorKey.privateKey);
  const marketplaceHost = await startHostServer({ appUrl: web.origin, token });
  cleanup.add(() => marketplaceHost.close());
  const declaredHost = await startHostServer({ appUrl: web.origin, token, frameInHtml: true });
  cleanup.add(() => declaredHost.close());
  const emptyHost = await startHostServer({ appUrl: web.origin, token, rawFrameUrl: () => `${web.origin}/api/health` });
  cleanup.add(() => emptyHost.close());
  await prepareEmbedOrganization(organization.id, {
    allowedOrigins: [marketplaceHost.origin, declaredHost.origin, emptyHost.origin],
    publicKeyPem: await exportSPKI(vendorKey.publicKey),
    kid: KID,
  });
  await publishListedIntegration(organization.id, readFileSync(path.join(root, "examples/github-zendesk/manifest.yaml"), "utf8"));
  // The customer has one active instance, so its own page differs from the public one by an Active badge.
  const { integration: owned } = await publishListedIntegration(
    organization.id,
    manualFlowManifest({ key: "crm-contacts", name: "CRM contact sync", description: "Keeps CRM contacts in step.", category: "CRM" }),
  );
  await createInstance(organization.id, { integrationId: owned.id, customerExternalId: "acme-corp", customerName: "Acme Corp", config: {} });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  cleanup.add(() => browser.close());
  const empty = await timeLoads(browser, emptyHost.origin, web.origin, ["load"], emptyTimeline); // the page's load event waits for its iframe
  // Interactive: `ready`; also the first card in the frame and the customer's Active badge (the exchange answered).
  const interactive: Moment[] = ["ready", "card", "badge"];
  const marketplace = await timeLoads(browser, marketplaceHost.origin, web.origin, interactive, marketplaceTimeline);
  // The same marketplace with its iframe in the vendor page's HTML, loading beside the SDK's script (embed-sdk/README.md).
  const declared = await timeLoads(browser, declaredHost.origin, web.origin, interactive, marketplaceTimeline);

  const framings = [
    { framing: "frame created by the SDK", loads: marketplace },
    { framing: "frame in the page's HTML", loads: declared },
  ];
  const msOf = (loads: Load[], moment: Moment) => loads.map((load) => load.heard[moment]!.ms);
  const emptyMedian = median(msOf(empty, "load"));
  printTable(
    "Vendor page → ready (ms)",
    [
      { what: "iframe of /api/health (near-empty page)", samples: msOf(empty, "load") },
      ...framings.flatMap(({ framing, loads }) => [
        { what: `${framing}: first card in the frame`, samples: msOf(loads, "card") },
        { what: `${framing}: interactive (ready)`, samples: msOf(loads, "ready") },
        { what: `${framing}: signed in (customer's badge in the frame)`, samples: msOf(loads, "badge") },
      ]),
    ].map(({ what, samples }) => ({ page: what, "median ms": median(samples), "min ms": Math.min(...samples), "max ms": Math.max(...samples) })),
  );
  printTable(
    "Ratio",
    framings.flatMap(({ framing, loads }) =>
      (["ready", "badge"] as const).map((moment) => ({
        page: `${framing}: ${moment === "ready" ? "interactive" : "signed in"}`,
        "marketplace / empty page (medians)": median(msOf(loads, moment)) / emptyMedian,
        "marketplace − empty (ms)": median(msOf(loads, moment)) - emptyMedian,
      })),
    ),
  );
  // The same on the browser's own clock, without the command's message latency: the vendor page's marks.
  const emptyLoad = median(empty.map((l) => l.timeline["vendor page: load event"]!));
  printTable(
    `Browser clock: the vendor page's marks against the near-empty frame's load event (${emptyLoad.toFixed(0)} ms)`,
    framings.flatMap(({ framing, loads }) =>
      [
        { mark: "ready received", what: "ready" },
        { mark: "customer's Active badge in the frame", what: "customer's badge" },
      ].map(({ mark, what }) => {
        const at = median(loads.map((l) => l.timeline[mark]!).filter(Number.isFinite));
        return { page: `${framing}: ${what}`, "median ms": at, "/ near-empty frame's load event": at / emptyLoad, "− near-empty (ms)": at - emptyLoad };
      }),
    ),
  );
  printTable(
    "Where the time goes (medians, ms since the vendor page's navigation started)",
    [...framings, { framing: "near-empty", loads: empty }].flatMap(({ framing, loads }) =>
      medianTimeline(
        loads.map((load) => load.timeline),
        median,
      ).map((row) => ({ page: framing, ...row })),
    ),
  );
  const shipped = marketplace.at(-1)!;
  printTable("What the marketplace frame loads (last load; embed.js counted above)", [
    {
      "requests before ready": median(marketplace.map((l) => l.heard.ready!.requests)),
      "document KiB on the wire": shipped.documentWireBytes / 1024,
      "document KiB decoded": shipped.documentBytes / 1024,
      scripts: shipped.scripts,
      "script KiB on the wire": shipped.scriptWireBytes / 1024,
      "script KiB decoded": shipped.scriptBytes / 1024,
    },
  ]);
});
