/**
 * Single-use ids (OAuth start links and callback states) are claimed in the database, so a replay
 * is refused by whichever web process it reaches, and the claims do not pile up.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { applyRetention } from "@/server/modules/retention/retention.service";
import { claimOnce } from "./single-use.repo";

const id = () => randomBytes(16).toString("base64url");
const inMinutes = (minutes: number) => Date.now() + minutes * 60_000;

describe("claimOnce", () => {
  it("claims an id once per scope, and stores only its hash", async () => {
    const state = id();
    expect(await claimOnce("oauth-callback", state, inMinutes(10))).toBe(true);
    expect(await claimOnce("oauth-callback", state, inMinutes(10))).toBe(false);
    expect(await claimOnce("oauth-start", state, inMinutes(10))).toBe(true);
    const concurrent = id();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => claimOnce("oauth-start", concurrent, inMinutes(10))));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const stored = await db().$queryRaw<{ id_hash: string }[]>`SELECT id_hash FROM single_use_claim`;
    expect(JSON.stringify(stored)).not.toContain(state);
  });

  it("frees an id once its claim expired, and the retention job deletes expired claims only", async () => {
    const old = id();
    expect(await claimOnce("oauth-start", old, Date.now() - 1_000)).toBe(true);
    expect(await claimOnce("oauth-start", old, inMinutes(10))).toBe(true);

    const expired = id();
    const live = id();
    await claimOnce("oauth-callback", expired, Date.now() - 1_000);
    await claimOnce("oauth-callback", live, inMinutes(10));
    const report = await applyRetention();
    expect(report.singleUseClaims).toBeGreaterThanOrEqual(1);
    expect(await claimOnce("oauth-callback", live, inMinutes(10))).toBe(false);
    expect(await claimOnce("oauth-callback", expired, inMinutes(10))).toBe(true);
  });
});
