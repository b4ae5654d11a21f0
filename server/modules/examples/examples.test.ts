/** Every shipped example loads with the deployment's connector catalogue (actions and data sources exist). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePollerParams } from "@/server/connectors/framework/run-member";
import { connectorRegistry } from "@/server/connectors/registry";
import { formatManifestError } from "@/server/manifest/manifest-error";
import { importZisBundle } from "@/server/manifest/zis-import";
import { loadDeploymentManifest } from "@/server/modules/integrations/manifest-catalogue";

const load = (file: string) => {
  const result = loadDeploymentManifest(readFileSync(file, "utf8"));
  if (!result.ok) throw new Error(result.errors.map(formatManifestError).join("\n"));
  return result.manifest;
};

describe("examples", () => {
  it("github-zendesk: deploy, remove and both webhook flows, the Zendesk one verified with a secret from instance state", () => {
    const manifest = load("examples/github-zendesk/manifest.yaml");
    expect(manifest.flows.map((flow) => [flow.key, flow.trigger.type])).toEqual([
      ["deploy", "instance.deploy"],
      ["remove", "instance.remove"],
      ["fromGithub", "webhook"],
      ["fromZendesk", "webhook"],
      ["ticketForIssue", "tool"],
    ]);
    expect(manifest.flows[2].trigger).toMatchObject({
      verify: { preset: "github", secret: { config: "webhookSecret" } },
      dedupe: { header: "X-GitHub-Delivery" },
    });
    expect(manifest.flows[3].trigger).toMatchObject({ verify: { preset: "zendesk", secret: { state: "zendeskSigningSecret" } } });
  });

  it("github-issues-poll: one poll flow on GitHub's issues poller, reading the repository from config", () => {
    const manifest = load("examples/github-issues-poll/manifest.yaml");
    expect(manifest.flows.map((flow) => [flow.key, flow.trigger.type])).toEqual([["newIssues", "poll"]]);
    const trigger = manifest.flows[0].trigger;
    expect(trigger).toMatchObject({
      connector: "github",
      poller: "issues",
      connection: "github",
      schedule: { every: 1 },
      params: { "repo.$": "$$.Config.repo", on: "created" },
      batch: "item",
    });
    const connector = connectorRegistry.get("github")!;
    expect(trigger.type === "poll" && parsePollerParams(connector, trigger.poller, { repo: "acme/webapp", on: "created" })).toMatchObject({
      params: { repo: "acme/webapp" },
    });
  });

  it("github-slack and the ZIS tutorial load", () => {
    expect(load("examples/github-slack/manifest.yaml").flows.map((flow) => flow.key)).toEqual(["deploy", "remove", "newIssues"]);
    const zis = importZisBundle(JSON.parse(readFileSync("examples/zis-ticket-created/bundle.json", "utf8")));
    expect(zis.manifest.flows.length).toBeGreaterThan(0);
  });

  it("sftp-csv-import: a scheduled scan announces each file, and each file is imported in its own event-started execution", () => {
    const manifest = load("examples/sftp-csv-import/manifest.yaml");
    expect(manifest.flows.map((flow) => [flow.key, flow.trigger.type])).toEqual([
      ["scan", "schedule"],
      ["importFile", "event"],
    ]);
    expect(Object.values(manifest.connections ?? {}).map((c) => c.connector)).toEqual(["sftp", "zendesk"]);
  });

  it("zendesk-ticket-report: a scheduled flow queries Zendesk, builds a CSV and emails it", () => {
    const manifest = load("examples/zendesk-ticket-report/manifest.yaml");
    expect(manifest.flows.map((flow) => [flow.key, flow.trigger.type])).toEqual([["report", "schedule"]]);
    expect(Object.keys(manifest.flows[0]!.States)).toEqual(["FetchTickets", "BuildReport", "Send"]);
  });
});
