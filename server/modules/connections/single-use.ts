/**
 * Remembers ids that were used until they expire anyway. Within one process this refuses a replayed
 * start link or callback outright; across processes the callback cookie (cleared on use) and the
 * provider's single-use authorization code stop a replay instead.
 */
export interface SingleUseGuard {
  /** True the first time an id is claimed, false afterwards (until `expiresAt` passes). */
  claim(id: string, expiresAt: number): boolean;
}

export function createSingleUseGuard(now: () => number = Date.now): SingleUseGuard {
  const used = new Map<string, number>();
  return {
    claim(id, expiresAt) {
      const time = now();
      for (const [usedId, until] of used) if (until <= time) used.delete(usedId);
      if (used.has(id)) return false;
      used.set(id, expiresAt);
      return true;
    },
  };
}
