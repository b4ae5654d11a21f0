import { describe, expect, it } from "vitest";
import { folderOf, mutualFolders } from "./check-dependencies";

describe("folder cycles", () => {
  it("counts server/modules as one folder and each file directly in server/ on its own", () => {
    expect(folderOf("server/modules/instances/instances.service.ts")).toBe("server/modules");
    expect(folderOf("server/triggers/verify/github.ts")).toBe("server/triggers");
    expect(folderOf("server/logger.ts")).toBe("server/logger.ts");
    expect(folderOf("app/(admin)/page.tsx")).toBe("app");
    expect(folderOf("proxy.ts")).toBe("app");
    expect(folderOf("node_modules/zod/index.js")).toBeNull();
  });

  it("reports two folders that import each other, with the imports each way", () => {
    const pairs = mutualFolders([
      { from: "server/logger.ts", to: "server/modules/executions/redact.ts" },
      { from: "server/modules/alerts/alerts.service.ts", to: "server/logger.ts" },
      { from: "server/runtime/run-states.ts", to: "server/engine/interpreter.ts" },
      { from: "server/modules/a/a.ts", to: "server/modules/b/b.ts" },
      { from: "server/modules/b/b.ts", to: "server/modules/a/a.ts" },
    ]);
    expect(pairs).toEqual([
      {
        folders: ["server/logger.ts", "server/modules"],
        forward: ["server/logger.ts → server/modules/executions/redact.ts"],
        back: ["server/modules/alerts/alerts.service.ts → server/logger.ts"],
      },
    ]);
  });
});
