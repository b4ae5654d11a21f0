/**
 * Per-endpoint rate tokens handed out from process memory. The bucket itself stays in the
 * endpoint row (shared by every web process); a process reserves a few tokens at a time from it
 * in one statement and spends them without a round trip, so a busy endpoint costs one bucket
 * update per `chunk` deliveries instead of one per delivery.
 *
 * A reservation is a tenth of a second's refill (at least 1, at most the burst and 1000) and
 * lapses after a second: tokens a process reserved but did not spend in time are forgotten, never
 * handed back, so several processes together never admit more than the bucket allows.
 */
import { reserveRateTokens } from "@/server/modules/endpoints/endpoints.repo";

export interface RateLimit {
  perSecond: number;
  burst: number;
}

type Reserve = (endpointId: string, limit: RateLimit, want: number) => Promise<{ granted: number }>;

export interface Allotment {
  tokens: number;
  expiresAt: number;
  /** The reservation in flight, shared by every delivery waiting for tokens. */
  reserving?: Promise<number>;
}

const HOLD_MS = 1000;
const MAX_CHUNK = 1000;
const MAX_ENDPOINTS = 10_000;

export function reservationSize(limit: RateLimit): number {
  return Math.max(1, Math.min(limit.burst, MAX_CHUNK, Math.floor(limit.perSecond / 10)));
}

export class RateTokens {
  /** `allotments`: the process's (server/process-singleton.ts), so every copy of the ingest spends from one reservation. */
  constructor(
    private readonly reserve: Reserve = reserveRateTokens,
    private readonly now: () => number = Date.now,
    private readonly allotments: Map<string, Allotment> = new Map(),
  ) {}

  /**
   * Takes one token for a delivery. False when the bucket is empty: the caller then goes through
   * the front door, which answers 429 with the wait.
   */
  async take(endpointId: string, limit: RateLimit): Promise<boolean> {
    const allotment = this.allotmentOf(endpointId);
    for (;;) {
      if (allotment.tokens >= 1 && allotment.expiresAt > this.now()) {
        allotment.tokens--;
        return true;
      }
      allotment.reserving ??= this.refill(endpointId, allotment, limit);
      const granted = await allotment.reserving;
      if (granted === 0) return false;
    }
  }

  private async refill(endpointId: string, allotment: Allotment, limit: RateLimit): Promise<number> {
    try {
      const { granted } = await this.reserve(endpointId, limit, reservationSize(limit));
      allotment.tokens = granted;
      allotment.expiresAt = this.now() + HOLD_MS;
      return granted;
    } finally {
      allotment.reserving = undefined;
    }
  }

  private allotmentOf(endpointId: string): Allotment {
    let allotment = this.allotments.get(endpointId);
    if (!allotment) {
      if (this.allotments.size >= MAX_ENDPOINTS) this.forgetLapsed();
      allotment = { tokens: 0, expiresAt: 0 };
      this.allotments.set(endpointId, allotment);
    }
    return allotment;
  }

  private forgetLapsed(): void {
    const now = this.now();
    for (const [id, allotment] of this.allotments) if (allotment.expiresAt <= now && !allotment.reserving) this.allotments.delete(id);
    // Still full of live allotments: drop the oldest; their endpoints simply reserve again.
    for (const id of this.allotments.keys()) {
      if (this.allotments.size < MAX_ENDPOINTS) break;
      this.allotments.delete(id);
    }
  }
}
