import { readFileSync } from "node:fs";

import { parse } from "yaml";
import { describe, expect, it } from "vitest";

import { loadManifest } from "@/server/manifest/load-manifest";
import { formatManifestError } from "@/server/manifest/manifest-error";
import { errorsOf, positionOf } from "@/server/manifest/test-helpers";

const EXAMPLE = readFileSync(new URL("./testdata/github-zendesk-skeleton.yaml", import.meta.url), "utf8");

/** Applies `[from, to]` edits, failing loudly if the example changed under the test. */
function edit(text: string, edits: Array<[string, string]>): string {
  return edits.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`example no longer contains ${JSON.stringify(from)}`);
    return result.replace(from, to);
  }, text);
}

describe("the github-zendesk example", () => {
  it("loads, with defaults filled in and state aliases normalised", () => {
    const result = loadManifest(EXAMPLE);
    if (!result.ok) throw new Error(result.errors.map(formatManifestError).join("\n"));
    const { manifest } = result;
    expect(manifest.key).toBe("github-zendesk");
    expect(manifest.endpoints).toEqual({ mode: "per-flow" });
    expect(manifest.connections.github).toEqual({ connector: "github", required: true });
    expect(manifest.flows[0].trigger).toMatchObject({ type: "webhook", verify: { preset: "github", secret: { config: "webhookSecret" } } });
    expect(manifest.flows[0].States.Create).toMatchObject({ Type: "Action", Action: "zendesk.createTicket", Connection: "zendesk" });
  });

  it("loads the same manifest written as JSON, also in strict JSON mode", () => {
    const json = JSON.stringify(parse(EXAMPLE), null, 2);
    expect(loadManifest(json).ok).toBe(true);
    expect(loadManifest(json, { format: "json" }).ok).toBe(true);
  });

  it("reports every problem of a broken copy at once, each at its line and column", () => {
    const broken = edit(EXAMPLE, [
      ["category: Support\n", "category: Support\ncategory: Helpdesk\n"],
      ["Next: Create }]", "Next: Creat }]"],
      ["Connection: zendesk", "Connection: zendsk"],
      ["subject.$: $.body.issue.title", 'subject.$: "$.body.issue["'],
      ["      Done: { Type: Succeed }\n", "      Done: { Type: Succeed }\n      Orphan: { Type: Succeed }\n"],
    ]);
    const errors = errorsOf(broken);
    expect(errors).toEqual([
      {
        path: "category",
        message: `duplicate key "category" (first defined at line ${positionOf(broken, "category").line}:1)`,
        ...positionOf(broken, "category", 2),
      },
      { path: "flows[0].States.Route.Choices[0].Next", message: 'no state named "Creat"; did you mean "Create"?', ...positionOf(broken, "Creat }") },
      { path: "flows[0].States.Create", message: 'state "Create" is unreachable from StartAt "Route"', ...positionOf(broken, "Create:") },
      {
        path: "flows[0].States.Create.Connection",
        message: 'no connection named "zendsk" in `connections`; did you mean "zendesk"?',
        ...positionOf(broken, "zendsk"),
      },
      {
        path: 'flows[0].States.Create.Parameters["subject.$"]',
        message: '"$.body.issue[" is not a JSONPath: unbalanced brackets',
        ...positionOf(broken, '"$.body.issue["'),
      },
      { path: "flows[0].States.Orphan", message: 'state "Orphan" is unreachable from StartAt "Route"', ...positionOf(broken, "Orphan") },
    ]);
    expect(formatManifestError(errors[1])).toBe(
      `flows[0].States.Route.Choices[0].Next: no state named "Creat"; did you mean "Create"? (line ${errors[1].line}:${errors[1].column})`,
    );
  });
});

describe("schema errors", () => {
  it("points at unknown keys and names the key", () => {
    const text = edit(EXAMPLE, [["    StartAt: Route", "    Startat: Route\n    StartAt: Route"]]);
    expect(errorsOf(text)).toEqual([{ path: "flows[0].Startat", message: 'unknown key "Startat"', ...positionOf(text, "Startat") }]);
  });

  it("suggests the closest trigger type and state type", () => {
    const text = edit(EXAMPLE, [
      ["type: webhook", "type: webhok"],
      ["Done: { Type: Succeed }", "Done: { Type: Succed }"],
    ]);
    const errors = errorsOf(text);
    expect(errors.map((error) => `${error.path}: ${error.message}`)).toEqual([
      expect.stringMatching(
        /^flows\[0\]\.trigger\.type: unknown type "webhok"; expected one of "webhook", "schedule", "instance\.deploy", "instance\.remove", "manual", "event", "poll"(, "[a-z.]+")*; did you mean "webhook"\?$/,
      ),
      expect.stringMatching(/^flows\[0\]\.States\.Done\.Type: unknown Type "Succed"; expected one of .*; did you mean "Succeed"\?$/),
    ]);
    expect(errors[0]).toMatchObject(positionOf(text, "webhok"));
  });

  it("reports a missing required field at the mapping that lacks it", () => {
    const text = edit(EXAMPLE, [["name: GitHub ↔ Zendesk\n", ""]]);
    expect(errorsOf(text)).toEqual([{ path: "name", message: "is required", line: 3, column: 1 }]);
  });

  it("describes wrong value types and invalid slugs", () => {
    const text = edit(EXAMPLE, [
      ["key: github-zendesk", "key: GitHub_Zendesk"],
      ["{ key: webhookSecret, type: secret, generate: true }", "{ key: webhookSecret, type: secret, generate: yes please }"],
    ]);
    expect(errorsOf(text).map((error) => `${error.path}: ${error.message}`)).toEqual([
      "key: must be a lowercase slug (a-z, 0-9 and single dashes), e.g. github-zendesk",
      'config.pages[0].fields[1].generate: expected boolean, got "yes please"',
    ]);
  });
});

describe("text problems", () => {
  it("reports YAML syntax errors with positions and stops there", () => {
    const errors = errorsOf("key: demo\nname: [unclosed\nflows: nope\n");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.path === "" && error.line !== undefined)).toBe(true);
  });

  it("reports every duplicate key, each at the repeated key", () => {
    const text =
      "key: demo\nname: A\nname: B\nflows:\n  - key: x\n    key: y\n    trigger: { type: manual }\n    StartAt: A\n    States: { A: { Type: Succeed }, A: { Type: Succeed } }\n";
    expect(errorsOf(text)).toEqual([
      { path: "name", message: 'duplicate key "name" (first defined at line 2:1)', line: 3, column: 1 },
      { path: "flows[0].key", message: 'duplicate key "key" (first defined at line 5:5)', line: 6, column: 5 },
      { path: "flows[0].States.A", message: 'duplicate key "A" (first defined at line 9:15)', ...positionOf(text, "A: { Type: Succeed } }") },
    ]);
  });

  it("rejects YAML-only syntax in JSON mode", () => {
    const errors = errorsOf('{ "key": demo, "name": "Demo" }', { format: "json" });
    expect(errors[0]).toMatchObject({ line: 1, column: 10 });
    expect(errorsOf("key: demo\n", { format: "json" }).map((error) => error.message)).toContain("expected a JSON object");
  });

  it("reports an empty manifest", () => {
    expect(errorsOf("")).toEqual([{ path: "", message: "the manifest is empty", line: 1, column: 1 }]);
    expect(errorsOf("# only a comment\n")[0].message).toBe("the manifest is empty");
  });

  it("rejects a document that is not a mapping", () => {
    expect(errorsOf("- a\n- b\n")).toEqual([{ path: "", message: "expected mapping, got a list", line: 1, column: 1 }]);
  });
});
