import { describe, expect, it } from "vitest";

import { loadManifest } from "@/server/manifest/load-manifest";
import { MINIMAL_HEADER, errorsOf } from "@/server/manifest/test-helpers";

const flowWith = (trigger: string, concurrency: string) => `${MINIMAL_HEADER}flows:
  - key: main
    trigger: ${trigger}
    concurrency: ${concurrency}
    StartAt: Done
    States:
      Done: { Type: Succeed }
`;

const messages = (text: string) => errorsOf(text).map((error) => `${error.path}: ${error.message}`);

describe("flow concurrency in the manifest", () => {
  it("takes parallel, throttled with a max, and fifo with or without a key", () => {
    const cases: Array<[string, unknown]> = [
      ["parallel", { mode: "parallel" }],
      ["{ mode: parallel }", { mode: "parallel" }],
      ["{ mode: throttled, max: 2 }", { mode: "throttled", max: 2 }],
      ["{ mode: fifo }", { mode: "fifo" }],
      ["{ mode: fifo, key: $.body.ticket.id }", { mode: "fifo", key: "$.body.ticket.id" }],
    ];
    for (const [written, parsed] of cases) {
      const result = loadManifest(flowWith("{ type: webhook }", written));
      expect(result.ok ? result.manifest.flows[0].concurrency : result.errors).toEqual(parsed);
    }
    const without = loadManifest(flowWith("{ type: manual }", "parallel").replace("    concurrency: parallel\n", ""));
    expect(without.ok && without.manifest.flows[0].concurrency).toBeUndefined();
  });

  it("names what is wrong with a throttle or a mode", () => {
    expect(messages(flowWith("{ type: webhook }", "{ mode: throttled, max: 0 }"))).toEqual(["flows[0].concurrency.max: must be at least 1"]);
    expect(messages(flowWith("{ type: webhook }", "{ mode: throttled }"))).toEqual([expect.stringMatching(/^flows\[0\]\.concurrency\.max: /)]);
    expect(messages(flowWith("{ type: webhook }", "{ mode: throttled, max: 1.5 }"))).toEqual(["flows[0].concurrency.max: expected int, got number 1.5"]);
    expect(messages(flowWith("{ type: webhook }", "{ mode: serial }"))).toEqual([expect.stringMatching(/^flows\[0\]\.concurrency/)]);
  });

  it("checks the fifo key's JSONPath", () => {
    expect(messages(flowWith("{ type: webhook }", "{ mode: fifo, key: body.ticket }"))).toEqual([expect.stringMatching(/^flows\[0\]\.concurrency\.key: .*\$/)]);
  });

  it("refuses a turn to flows that cannot wait for one: lifecycle flows and synchronous webhooks", () => {
    expect(messages(flowWith("{ type: instance.deploy }", "{ mode: fifo }"))).toEqual([
      "flows[0].concurrency: an instance.deploy flow runs once per change of its instance and cannot wait for a turn; remove concurrency or use parallel",
    ]);
    expect(messages(flowWith("{ type: webhook, sync: { timeoutMs: 5000 } }", "{ mode: throttled, max: 3 }"))).toEqual([
      "flows[0].concurrency: a synchronous flow (trigger.sync) answers its caller while it runs and cannot wait for a turn; remove sync or concurrency",
    ]);
    expect(loadManifest(flowWith("{ type: webhook, sync: { timeoutMs: 5000 } }", "parallel")).ok).toBe(true);
  });
});
