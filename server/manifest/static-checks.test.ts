import { describe, expect, it } from "vitest";

import { loadManifest } from "@/server/manifest/load-manifest";
import { MINIMAL_HEADER, errorsOf, indent, manifestWithStates, positionOf } from "@/server/manifest/test-helpers";

const messages = (text: string, options?: Parameters<typeof errorsOf>[1]) => errorsOf(text, options).map((error) => `${error.path}: ${error.message}`);

describe("state graph checks", () => {
  it("names an unknown Next target and suggests the closest state", () => {
    const text = manifestWithStates(`First: { Type: Pass, Next: Secnd }\nSecond: { Type: Succeed }`);
    const [error] = errorsOf(text);
    expect(error).toMatchObject({
      path: "flows[0].States.First.Next",
      message: 'no state named "Secnd"; did you mean "Second"?',
      ...positionOf(text, "Secnd"),
    });
  });

  it("checks Choice targets, Default and Catch targets", () => {
    const text = manifestWithStates(
      [
        "First:",
        "  Type: Choice",
        "  Choices: [{ Variable: $.x, NumericEquals: 1, Next: Nowhere }]",
        "  Default: Elsewhere",
        "Work:",
        "  Type: Action",
        "  Action: zendesk.createTicket",
        "  Catch: [{ ErrorEquals: [States.ALL], Next: Rescue }]",
        "  End: true",
      ].join("\n"),
    );
    expect(messages(text)).toEqual(
      expect.arrayContaining([
        'flows[0].States.First.Choices[0].Next: no state named "Nowhere"',
        'flows[0].States.First.Default: no state named "Elsewhere"',
        'flows[0].States.Work.Catch[0].Next: no state named "Rescue"',
      ]),
    );
  });

  it("reports a StartAt that names no state", () => {
    const text = manifestWithStates(`Begin: { Type: Succeed }`, "Begn");
    expect(messages(text)).toEqual(['flows[0].StartAt: no state named "Begn"; did you mean "Begin"?']);
  });

  it("reports unreachable states at their key", () => {
    const text = manifestWithStates(`First: { Type: Succeed }\nOrphan: { Type: Pass, Next: First }`);
    const [error] = errorsOf(text);
    expect(error).toMatchObject({
      path: "flows[0].States.Orphan",
      message: 'state "Orphan" is unreachable from StartAt "First"',
      ...positionOf(text, "Orphan"),
    });
  });

  it("requires Next or End on non-terminal states, and not both", () => {
    const text = manifestWithStates(`First: { Type: Pass, Next: Second, End: true }\nSecond: { Type: Wait, Seconds: 5 }`);
    expect(messages(text)).toEqual([
      "flows[0].States.First.End: a state cannot have both Next and End: true",
      "flows[0].States.Second.Next: a state needs Next or End: true",
    ]);
  });

  it("checks machines nested in Map and Parallel with their own state names and paths", () => {
    const text = manifestWithStates(
      [
        "First:",
        "  Type: Map",
        "  ItemsPath: $.items",
        "  ItemProcessor:",
        "    StartAt: Inner",
        "    States:",
        "      Inner: { Type: Pass, Next: First }",
        "  Next: Fan",
        "Fan:",
        "  Type: Parallel",
        "  Branches:",
        "    - StartAt: Hold",
        "      States:",
        "        Hold: { Type: WaitForEvent, Matches: { $.body.id: 1 }, End: true }",
        "  End: true",
      ].join("\n"),
    );
    expect(messages(text)).toEqual([
      'flows[0].States.First.ItemProcessor.States.Inner.Next: no state named "First"',
      "flows[0].States.Fan.Branches[0].States.Hold.Type: WaitForEvent cannot be used inside a Map or Parallel branch: only a whole execution can park and wait",
    ]);
  });

  it("accepts WaitForEvent at the top level of a flow", () => {
    const text = manifestWithStates(`First: { Type: WaitForEvent, matches: { $.body.id: 1 }, TimeoutSeconds: 60, End: true }`);
    expect(loadManifest(text).ok).toBe(true);
  });
});

describe("reference checks", () => {
  it("judges connector actions with an injected partial catalogue and skips connectors it does not describe", () => {
    const text = manifestWithStates(
      `First: { Type: Action, Action: zendesk.createTikcet, Connection: zendesk, Next: Second }\nSecond: { Type: Action, Action: acme.doThing, End: true }`,
    );
    const catalogue = { members: (connector: string) => (connector === "zendesk" ? { actions: ["createTicket"], dataSources: [], pollers: [] } : undefined) };
    expect(messages(text, { catalogue })).toEqual([
      'flows[0].States.First.Action: connector "zendesk" has no action "createTikcet"; did you mean "createTicket"?',
    ]);
    expect(loadManifest(text).ok).toBe(true);
  });

  it("refuses connectors, actions, data sources and pollers the catalogue does not have, suggesting the closest", () => {
    const text = `key: demo
name: Demo
connections: { zendesk: { connector: zendesk }, gh: { connector: githb } }
config:
  pages:
    - title: Repo
      fields:
        - { key: repo, type: select, dataSource: { connector: github, source: listRepo, connection: gh } }
flows:
  - key: main
    trigger: { type: poll, connector: github, poller: newIssue, connection: gh, schedule: { every: 5m } }
    StartAt: Comment
    States:
      Comment: { Type: Action, Action: zendesk.addComent, Connection: zendesk, Next: Notify }
      Notify: { Type: Action, Action: slak.postMessage, Next: Keep }
      Keep: { Type: Action, Action: switchyard.setStat, Parameters: { key: k, value: 1 }, End: true }
`;
    const catalogue = {
      connectorKeys: ["github", "zendesk", "slack", "switchyard"],
      members: (connector: string) =>
        ({
          github: { actions: ["createIssue"], dataSources: ["listRepos"], pollers: ["newIssues"] },
          zendesk: { actions: ["addComment", "createTicket"], dataSources: [], pollers: [] },
          slack: { actions: ["postMessage"], dataSources: ["channels"], pollers: [] },
          switchyard: { actions: ["emitEvent", "getState", "setState"], dataSources: [], pollers: [] },
        })[connector],
    };
    expect(messages(text, { catalogue })).toEqual([
      'connections.gh.connector: no connector named "githb"; did you mean "github"?',
      'config.pages[0].fields[0].dataSource.connector: connection "gh" is a githb connection, but this data source belongs to connector "github"',
      'config.pages[0].fields[0].dataSource.source: connector "github" has no data source "listRepo"; did you mean "listRepos"?',
      'flows[0].trigger.connector: connection "gh" is a githb connection, but this poller belongs to connector "github"',
      'flows[0].trigger.poller: connector "github" has no poller "newIssue"; did you mean "newIssues"?',
      'flows[0].States.Comment.Action: connector "zendesk" has no action "addComent"; did you mean "addComment"?',
      'flows[0].States.Notify.Action: no connector named "slak"; did you mean "slack"?',
      'flows[0].States.Keep.Action: connector "switchyard" has no action "setStat"; did you mean "setState"?',
    ]);
    const wild = manifestWithStates(`First: { Type: Action, Action: zendesk.frobnicate, Connection: zendesk, End: true }`);
    expect(messages(wild, { catalogue })).toEqual([
      'flows[0].States.First.Action: connector "zendesk" has no action "frobnicate" (its actions: addComment, createTicket)',
    ]);
  });

  it("resolves a dotless Action against the manifest's HTTP actions", () => {
    const flows = manifestWithStates(`First: { Type: Action, Action: notifyy, End: true }`);
    const text = `${flows}\nactions:\n  notify: { method: POST, url: "https://example.com/hook" }\n`;
    expect(messages(text)).toEqual(['flows[0].States.First.Action: no HTTP action named "notifyy" in `actions`; did you mean "notify"?']);
    expect(loadManifest(text.replace("notifyy", "notify")).ok).toBe(true);
  });

  it("reports connections that are not declared, and connector/connection mismatches", () => {
    const text = manifestWithStates(
      `First: { Type: Action, Action: github.createIssue, Connection: zendesk, Next: Second }\nSecond: { Type: Action, Action: zendesk.x, Connection: zendsk, End: true }`,
    );
    expect(messages(text)).toEqual([
      'flows[0].States.First.Action: action "github.createIssue" belongs to connector "github", but Connection "zendesk" is a zendesk connection',
      'flows[0].States.Second.Connection: no connection named "zendsk" in `connections`; did you mean "zendesk"?',
    ]);
  });

  it("reports $$.Config references to fields that do not exist", () => {
    const text = manifestWithStates(`First: { Type: Pass, Parameters: { limit.$: $$.Config.treshold, ok.$: $$.Config.threshold }, End: true }`);
    expect(messages(text)).toEqual(['flows[0].States.First.Parameters["limit.$"]: $$.Config.treshold names no config field; did you mean "threshold"?']);
  });

  it("checks { config: key } references and the kind of field they need", () => {
    const text = `${MINIMAL_HEADER}flows:
  - key: hook
    trigger: { type: webhook, verify: { preset: github, secret: { config: webhookSecrt } } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
  - key: tick
    trigger: { type: schedule, config: threshold }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    expect(messages(text)).toEqual([
      'flows[0].trigger.verify.secret.config: no config field with key "webhookSecrt"; did you mean "webhookSecret"?',
      'flows[1].trigger.config: config field "threshold" is a number field; a schedule trigger needs a schedule field',
    ]);
    const fixed = text.replace("webhookSecrt", "webhookSecret").replace("config: threshold", "config: nightly");
    expect(loadManifest(fixed).ok).toBe(true);
  });

  it("reports duplicate flow keys and duplicate config field keys", () => {
    const text = `key: demo
name: Demo
config:
  pages:
    - title: One
      fields: [{ key: token, type: string }]
    - title: Two
      fields: [{ key: token, type: secret }]
flows:
  - { key: same, trigger: { type: manual }, StartAt: A, States: { A: { Type: Succeed } } }
  - { key: same, trigger: { type: manual }, StartAt: A, States: { A: { Type: Succeed } } }
`;
    expect(messages(text)).toEqual([
      'config.pages[1].fields[0].key: duplicate config field key "token" (also at config.pages[0].fields[0])',
      'flows[1].key: duplicate flow key "same" (also flows[0])',
    ]);
  });

  it("checks flow references in dispatch routes and subscriptions", () => {
    const text = `${MINIMAL_HEADER}endpoints:
  mode: per-instance
  dispatch:
    - { flow: on-issue, when: { "$.body.kind": issue } }
    - { flow: on-comit, when: { "$.body.kind": commit } }
subscriptions:
  - { eventType: ticket.created, flow: on-tiket }
flows:
  - { key: on-issue, trigger: { type: event }, StartAt: A, States: { A: { Type: Succeed } } }
  - { key: on-commit, trigger: { type: event }, StartAt: A, States: { A: { Type: Succeed } } }
`;
    expect(messages(text)).toEqual([
      'endpoints.dispatch[1].flow: no flow with key "on-comit"; did you mean "on-commit"?',
      'subscriptions[0].flow: no flow with key "on-tiket"',
    ]);
  });

  it("checks data sources against declared connections and their connector", () => {
    const text = `key: demo
name: Demo
connections: { gh: { connector: github } }
config:
  pages:
    - title: Repo
      fields:
        - { key: repo, type: select, dataSource: { connector: gitlab, source: listRepos, connection: gh } }
        - { key: account, type: connection, connection: gh2 }
flows:
  - { key: main, trigger: { type: manual }, StartAt: A, States: { A: { Type: Succeed } } }
`;
    expect(messages(text)).toEqual([
      'config.pages[0].fields[0].dataSource.connector: connection "gh" is a github connection, but this data source belongs to connector "gitlab"',
      'config.pages[0].fields[1].connection: no connection named "gh2" in `connections`; did you mean "gh"?',
    ]);
  });
});

describe("JSONPath and intrinsic syntax", () => {
  it("checks path fields, .$ values, Choice variables and match keys with the engine's parsers", () => {
    const text = `${MINIMAL_HEADER}flows:
  - key: main
    trigger: { type: webhook, match: { "$.body[": x } }
    StartAt: First
    States:
${indent(
  [
    "First:",
    "  Type: Choice",
    '  Choices: [{ Variable: "$.a[", StringEquals: x, Next: Second }]',
    "  Default: Second",
    "Second:",
    "  Type: Pass",
    '  InputPath: "$.b["',
    "  Parameters:",
    "    nested: { text.$: \"States.Format('{}', \" }",
    "    plain.$: hello",
    "  End: true",
  ].join("\n"),
  6,
)}`;
    const errors = errorsOf(text);
    expect(errors.map((error) => error.path)).toEqual([
      'flows[0].trigger.match["$.body["]',
      "flows[0].States.First.Choices[0].Variable",
      "flows[0].States.Second.InputPath",
      'flows[0].States.Second.Parameters.nested["text.$"]',
      'flows[0].States.Second.Parameters["plain.$"]',
    ]);
    expect(errors[0]).toMatchObject(positionOf(text, '"$.body["'));
    expect(errors[0].message).toBe('"$.body[" is not a JSONPath: unbalanced brackets');
    expect(errors[3].message).toMatch(/^invalid intrinsic States\.Format/);
    expect(errors[4].message).toBe('"hello" is neither a JSONPath (starting with $) nor an intrinsic (States.…); drop the ".$" suffix for a literal');
  });

  it("requires ResultPath to name one writable place, in states and in Catch", () => {
    const text = manifestWithStates(
      `First: { Type: Pass, ResultPath: "$.items[*]", Next: Second }\nSecond: { Type: Action, Action: zendesk.x, Catch: [{ ErrorEquals: [States.ALL], ResultPath: $$.Execution, Next: First }], End: true }`,
    );
    expect(messages(text)).toEqual([
      'flows[0].States.First.ResultPath: "$.items[*]" must name a single place (no wildcards, filters or slices)',
      'flows[0].States.Second.Catch[0].ResultPath: "$$.Execution" cannot write into the context object',
    ]);
  });

  it("checks templated parts of HTTP actions", () => {
    const flows = manifestWithStates(`First: { Type: Action, Action: notify, End: true }`);
    const text = `${flows}
actions:
  notify:
    method: POST
    url.$: "States.Format('https://x.test/{}', $.id"
    headers: [{ key: X-Id, value.$: "$.id[" }]
    requestBody: { id.$: $.id, literal: "$.not.a.path" }
`;
    expect(errorsOf(text).map((error) => error.path)).toEqual(['actions.notify["url.$"]', 'actions.notify.headers[0]["value.$"]']);
  });
});
