/**
 * Endpoints this process has just looked up, by token, with the run context they were verified
 * with: a delivery to a known endpoint skips the front-door query. Nothing here is trusted for
 * long or for anything but acceptance: an accepted delivery is written only if the endpoint and
 * instance still match (the `guard` of `acceptEvents`), every outcome other than acceptance or
 * "no flow wants this" is decided again through the front door, and entries lapse after a few
 * seconds so a removed or rotated endpoint is forgotten soon after.
 */
import type { DeliveryEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import type { DeliveryRunContext } from "@/server/modules/instances/instances.service";

export interface KnownEndpoint {
  endpoint: DeliveryEndpoint;
  run: DeliveryRunContext;
}

const TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

export type KnownEndpointEntries = Map<string, KnownEndpoint & { until: number }>;

export class KnownEndpoints {
  /** `entries`: the process's (server/process-singleton.ts), so an endpoint one copy of the ingest forgets is forgotten by all. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly entries: KnownEndpointEntries = new Map(),
  ) {}

  get(token: string): KnownEndpoint | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry;
    this.entries.delete(token);
    return undefined;
  }

  remember(token: string, known: KnownEndpoint): void {
    this.entries.delete(token);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { ...known, until: this.now() + TTL_MS });
  }

  forget(token: string): void {
    this.entries.delete(token);
  }
}
