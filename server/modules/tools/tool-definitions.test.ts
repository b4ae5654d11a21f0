import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { connectorRegistry } from "@/server/connectors/registry";
import { loadManifest } from "@/server/manifest/load-manifest";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { actionToolFlow, toolsOfManifest } from "./tool-definitions";
import { resolveFixed } from "./tool-input";

const example = (file: string): Manifest => {
  const loaded = loadManifest(readFileSync(file, "utf8"));
  if (!loaded.ok) throw new Error("example does not load");
  return loaded.manifest;
};

describe("tool definitions", () => {
  it("expands a wildcard to the connector's read-only actions only, and takes hints from the action definitions", () => {
    const tools = toolsOfManifest(example("examples/github-zendesk/manifest.yaml"), connectorRegistry);
    expect(tools.map((t) => [t.name, t.kind, t.readOnly, t.destructive])).toEqual([
      ["github_createIssue", "action", false, false],
      ["zendesk_getTicket", "action", true, false],
      ["zendesk_findTicketByExternalId", "action", true, false],
      ["find_ticket_for_issue", "flow", true, false],
    ]);
    const readOnlyZendesk = Object.entries(connectorRegistry.get("zendesk")!.actions)
      .filter(([, a]) => a.readOnly)
      .map(([key]) => `zendesk_${key}`);
    expect(
      tools
        .filter((t) => t.name.startsWith("zendesk_"))
        .map((t) => t.name)
        .sort(),
    ).toEqual(readOnlyZendesk.sort());
  });

  it("leaves fixed parameters out of the input schema the caller sees, and keeps the action's JSON Schema otherwise", () => {
    const [createIssue] = toolsOfManifest(example("examples/github-zendesk/manifest.yaml"), connectorRegistry);
    expect(createIssue.inputSchema).toMatchObject({
      type: "object",
      required: ["title"],
      properties: { title: { type: "string", minLength: 1, maxLength: 256 }, body: { type: "string" } },
    });
    expect(createIssue.inputSchema.properties).not.toHaveProperty("repo");
    expect(resolveFixed({ "repo.$": "$$.Config.repo", labels: ["agent"] }, { repo: "acme/webapp" })).toEqual({ repo: "acme/webapp", labels: ["agent"] });
  });

  it("turns a connector-action tool into the one-state flow its calls run", () => {
    expect(actionToolFlow(example("examples/github-zendesk/manifest.yaml"), "tool.github_createIssue", connectorRegistry)).toMatchObject({
      StartAt: "github.createIssue",
      States: { "github.createIssue": { Type: "Action", Action: "github.createIssue", Connection: "github", End: true } },
    });
    expect(actionToolFlow(example("examples/github-zendesk/manifest.yaml"), "tool.nothing", connectorRegistry)).toBeUndefined();
  });
});
