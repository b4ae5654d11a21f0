/**
 * Turns tracing on for this process when an OTLP endpoint is configured; otherwise nothing is
 * loaded and `activeTracing()` stays null. Called where a process starts (the web server, a
 * worker), and by the route handlers that run flows or take webhooks when the app is hosted
 * without `npm start` (`next start`, a serverless host): `webRouteTracing`. The SDK's packages are
 * left out of the Next.js bundle (next.config.ts) and loaded only when tracing is on.
 */
import { tracingSettings, type TracingSettings } from "@/server/env";
import { logger, type Logger } from "@/server/logger";
import { activeTracing, useTracing, type Tracing } from "./tracing";

export async function startTracing(settings: TracingSettings | null, options: { role: string; log?: Logger }): Promise<Tracing | null> {
  if (!settings) return null;
  const running = activeTracing();
  if (running) return running;
  const { createOtelTracing } = await import("./otel-tracing");
  const tracing = createOtelTracing(settings, options);
  useTracing(tracing);
  options.log?.info({ component: "tracing", collector: new URL(settings.url).host, sampler: settings.sampler }, "exporting traces by OTLP/HTTP");
  return tracing;
}

/** Sends the spans still waiting and turns tracing off (a process about to exit). */
export async function stopTracing(): Promise<void> {
  const tracing = activeTracing();
  if (!tracing) return;
  useTracing(null);
  await tracing.shutdown().catch(() => undefined);
}

let webRoutes: Promise<Tracing | null> | undefined;

/** For route handlers: tracing as configured for this web process, started on first use (once). */
export function webRouteTracing(): Promise<Tracing | null> {
  webRoutes ??= startTracing(tracingSettings(), { role: "web", log: logger() }).catch((error: unknown) => {
    logger().warn({ component: "tracing", err: (error as Error).message }, "tracing could not be started; going on without it");
    return null;
  });
  return webRoutes;
}
