import { describe, expect, it } from "vitest";
import { loadManifest } from "@/server/manifest/load-manifest";
import { formatManifestError } from "@/server/manifest/manifest-error";
import { advanceBoundary } from "./commit-poll";
import { pollDueTime } from "./poll-due";

const at = (iso: string) => new Date(iso);

describe("pollDueTime", () => {
  const activated = at("2026-11-23T10:00:30Z");

  it("`every` counts whole intervals from activation, the first at once", () => {
    expect(pollDueTime({ every: 5 }, at("2026-11-23T10:00:31Z"), activated)).toEqual(activated);
    expect(pollDueTime({ every: 5 }, at("2026-11-23T10:05:29Z"), activated)).toEqual(activated);
    expect(pollDueTime({ every: 5 }, at("2026-11-23T10:05:30Z"), activated)).toEqual(at("2026-11-23T10:05:30Z"));
    // After downtime: one due time, the latest.
    expect(pollDueTime({ every: 5 }, at("2026-11-23T13:02:00Z"), activated)).toEqual(at("2026-11-23T13:00:30Z"));
    expect(pollDueTime({ every: 5 }, at("2026-11-23T09:00:00Z"), activated)).toBeNull();
  });

  it("`cron` is due at the latest cron time after activation, in its time zone", () => {
    expect(pollDueTime({ cron: "*/15 * * * *" }, at("2026-11-23T10:10:00Z"), activated)).toBeNull();
    expect(pollDueTime({ cron: "*/15 * * * *" }, at("2026-11-23T10:20:00Z"), activated)).toEqual(at("2026-11-23T10:15:00Z"));
    expect(pollDueTime({ cron: "0 9 * * *", timezone: "Europe/Paris" }, at("2026-11-24T08:30:00Z"), activated)).toEqual(at("2026-11-24T08:00:00Z"));
  });
});

describe("advanceBoundary", () => {
  it("keeps the ids at the latest position, adding to them while the position stays", () => {
    const items = (position: string, ...ids: string[]) => ids.map((id) => ({ id, data: {}, position }));
    expect(advanceBoundary(null, items("t1", "a", "b"))).toEqual({ position: "t1", ids: ["a", "b"] });
    expect(advanceBoundary({ position: "t1", ids: ["a", "b"] }, items("t1", "b", "c"))).toEqual({ position: "t1", ids: ["a", "b", "c"] });
    expect(advanceBoundary({ position: "t1", ids: ["a"] }, [...items("t1", "b"), ...items("t2", "c")])).toEqual({ position: "t2", ids: ["c"] });
    // Items without positions (exclusive cursors) leave it alone.
    expect(advanceBoundary({ position: "t1", ids: ["a"] }, [{ id: "z", data: {} }])).toEqual({ position: "t1", ids: ["a"] });
  });
});

describe("poll trigger in a manifest", () => {
  const manifest = (trigger: string) => `key: poller
name: Poller
connections: { github: { connector: github }, slack: { connector: slack } }
flows:
  - key: poll
    trigger: ${trigger}
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
  const errors = (trigger: string) => {
    const result = loadManifest(manifest(trigger));
    return result.ok ? [] : result.errors.map(formatManifestError);
  };

  it("loads with defaults: one execution per item, `every` in minutes", () => {
    const result = loadManifest(
      manifest("{ type: poll, connector: github, poller: issues, connection: github, schedule: { every: 2h }, params: { repo: a/b } }"),
    );
    expect(result.ok && result.manifest.flows[0].trigger).toEqual({
      type: "poll",
      connector: "github",
      poller: "issues",
      connection: "github",
      schedule: { every: 120 },
      params: { repo: "a/b" },
      batch: "item",
    });
  });

  it("names what is wrong and where", () => {
    expect(errors("{ type: poll, connector: github, poller: issues, connection: gh, schedule: { every: 5m } }")).toEqual([
      expect.stringMatching(/^flows\[0\]\.trigger\.connection: no connection named "gh" in `connections`/),
    ]);
    expect(errors("{ type: poll, connector: github, poller: issues, connection: slack, schedule: { every: 5m } }")).toEqual([
      expect.stringMatching(/^flows\[0\]\.trigger\.connector: connection "slack" is a slack connection, but this poller belongs to connector "github"/),
    ]);
    expect(errors("{ type: poll, connector: github, poller: issues, connection: github, schedule: { every: 90s } }")).toEqual([
      expect.stringMatching(/schedule.*(every|union)/),
    ]);
    expect(errors("{ type: poll, connector: github, poller: issues, connection: github, schedule: { cron: '* * *' }, batch: { size: 0 } }").length).toBe(2);
    expect(errors("{ type: poll, connector: github, poller: issues, connection: github, schedule: { every: 1m }, params: { repo.$: '$$.Config.[' } }")).toEqual(
      [expect.stringContaining('flows[0].trigger.params["repo.$"]: "$$.Config.[" is not a JSONPath')],
    );
  });
});
