import { describe, expect, it } from "vitest";

import { connectorCatalogue, connectorRegistry } from "@/server/connectors/registry";
import { loadManifest } from "@/server/manifest/load-manifest";

const manifest = (body: string) => `key: tools-test
name: Tools test
connections: { gh: { connector: github }, desk: { connector: zendesk }, desk2: { connector: zendesk } }
config:
  pages:
    - title: Settings
      fields:
        - { key: repo, type: string }
        - { key: apiToken, type: secret, generate: true }
flows:
  - { key: noop, trigger: { type: manual }, StartAt: Done, States: { Done: { Type: Succeed } } }
${body}`;

const problems = (text: string) => {
  const result = loadManifest(text, { catalogue: connectorCatalogue(connectorRegistry) });
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};

describe("tools in a manifest", () => {
  it("accepts actions by name, wildcards, fixed parameters reading settings and tool flows", () => {
    const text = manifest(`  - key: lookup
    trigger: { type: tool, readOnly: true, inputSchema: { type: object, properties: { id: { type: integer } }, required: [id] } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
tools:
  - { action: github.createIssue, parameters: { repo.$: $$.Config.repo, labels: [agent] } }
  - { action: zendesk.*, connection: desk }
`);
    expect(problems(text)).toEqual([]);
    const loaded = loadManifest(text);
    expect(loaded.ok && loaded.manifest.flows[1].trigger).toMatchObject({ type: "tool", readOnly: true, destructive: false, timeoutMs: 30_000 });
  });

  it("names what is wrong: unknown action, ambiguous or foreign connection, secret or computed parameters, duplicate names, bad schemas", () => {
    const text = manifest(`  - key: github_createIssue
    trigger: { type: tool, inputSchema: { type: string } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
  - key: broken
    trigger: { type: tool, inputSchema: { type: object, properties: { a: { type: nonsense } } } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
tools:
  - { action: github.createIssue, parameters: { body.$: $$.Config.apiToken, title.$: $.title } }
  - { action: github.reopenIssue }
  - { action: zendesk.getTicket }
  - { action: zendesk.addComment, connection: gh }
  - { action: slack.*, name: everything }
  - { action: github.getIssue, name: "has spaces" }
  - { action: gthub.* }
`);
    expect(problems(text)).toEqual(
      expect.arrayContaining([
        'flows[1].trigger.type: two tools are named "github_createIssue" (also tools[0]); give one a different `name`',
        "flows[1].trigger.inputSchema: a tool's input is an object: give `type: object` and its `properties`",
        expect.stringMatching(/^flows\[2\]\.trigger\.inputSchema: is not a valid JSON Schema: /),
        'tools[0].parameters["body.$"]: "apiToken" is a secret setting; a tool\'s parameters are shown in its execution log, so they cannot read secrets',
        'tools[0].parameters["title.$"]: a fixed parameter can read only a setting, as $$.Config.<field>; give other values literally',
        expect.stringMatching(/^tools\[1\]\.action: connector "github" has no action "reopenIssue" \(its actions: listRepos, .*closeIssue/),
        "tools[2].action: the manifest has 2 zendesk connections (desk, desk2); say which with `connection`",
        'tools[3].connection: connection "gh" is a github connection, but zendesk.addComment belongs to connector "zendesk"',
        "tools[4].name: a wildcard exposes several actions, each named <connector>_<action>; list an action by name to rename it",
        "tools[4].action: the manifest has no slack connection to run it with; add one under `connections`",
        "tools[5].name: must be 1–64 letters, digits, _ or -, as MCP clients require of tool names",
        'tools[6].action: no connector named "gthub"; did you mean "github"?',
      ]),
    );
  });
});
