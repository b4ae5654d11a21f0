/** What the ingest needs from its process: settings (from server/env.ts) and, for sync flows, a runtime. */
import { webhookSettings } from "@/server/env";
import type { Logger } from "@/server/logger";
import type { Runtime } from "@/server/runtime/runtime";
import { webRuntime } from "@/server/runtime/web-runtime";
import { emitEvent } from "@/server/triggers/kinds/event/emit-event";

export interface IngestOptions {
  /** Origin providers call; the URL a verifier sees is rebuilt on it (Twilio signs the URL). */
  publicUrl: string;
  maxBodyBytes: number;
  /** Bodies over this many bytes are stored as a file (blob) and flows get a reference to it. */
  inlineBodyBytes: number;
  rateLimit: { perSecond: number; burst: number };
  /** Runs synchronous flows inline in this process; without one a sync answer waits for a worker's run. */
  runtime?: Runtime;
  /** Retry-After sent while an instance is paused (and not buffering) or deploying. */
  unavailableRetryAfterSeconds?: number;
  now?: () => Date;
  log?: Logger;
}

/** The web process's options: settings from the environment, read on first use. */
export function webIngestOptions(): IngestOptions {
  return { ...webhookSettings(), runtime: webRuntime(emitEvent) };
}
