import { describe, expect, it } from "vitest";
import { loadManifest } from "@/server/manifest/load-manifest";
import { errorsOf, manifestWithStates } from "@/server/manifest/test-helpers";

const withLogs = (block: string) => `${manifestWithStates("First: { Type: Succeed }")}\ncustomerLogs: ${block}\n`;

describe("customerLogs", () => {
  it("defaults to runs told in the integration's words, without replay", () => {
    const result = loadManifest(manifestWithStates("First: { Type: Succeed }"));
    expect(result.ok && result.manifest.customerLogs).toEqual({ showSteps: false, replay: false });
  });

  it("lets the vendor show steps and allow replay for all flows or the ones listed", () => {
    const all = loadManifest(withLogs("{ showSteps: true, replay: true }"));
    expect(all.ok && all.manifest.customerLogs).toEqual({ showSteps: true, replay: true });
    const listed = loadManifest(withLogs("{ replay: [main] }"));
    expect(listed.ok && listed.manifest.customerLogs).toEqual({ showSteps: false, replay: ["main"] });
  });

  it("names a replay flow that does not exist, and an unknown setting", () => {
    const [unknown] = errorsOf(withLogs("{ replay: [mian] }"));
    expect(unknown?.path).toBe("customerLogs.replay[0]");
    expect(unknown?.message).toMatch(/no flow .*"mian"/);
    expect(errorsOf(withLogs("{ showStates: true }")).map((e) => e.path)).toEqual(["customerLogs.showStates"]);
  });
});
