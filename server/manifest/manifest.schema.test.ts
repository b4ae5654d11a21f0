import { describe, expect, it } from "vitest";

import { loadManifest } from "@/server/manifest/load-manifest";
import { formatManifestError } from "@/server/manifest/manifest-error";
import { errorsOf, indent } from "@/server/manifest/test-helpers";

const FLOW = `flows:
  - { key: main, trigger: { type: manual }, StartAt: Done, States: { Done: { Type: Succeed } } }
`;

/** A manifest whose config page holds the given field lines (YAML list items). */
function withFields(fields: string): string {
  return `key: demo\nname: Demo\nconnections: { gh: { connector: github } }\nconfig:\n  pages:\n    - title: Settings\n      fields:\n${indent(fields, 8)}\n${FLOW}`;
}

/** A manifest with one flow using the given trigger (YAML flow mapping). */
function withTrigger(trigger: string, extraFields = ""): string {
  const fields = `- { key: secret, type: secret }\n- { key: when, type: schedule }${extraFields}`;
  return `key: demo\nname: Demo\nconfig:\n  pages:\n    - title: S\n      fields:\n${indent(fields, 8)}\nflows:\n  - { key: main, trigger: ${trigger}, StartAt: Done, States: { Done: { Type: Succeed } } }\n`;
}

const problems = (text: string) => errorsOf(text).map((error) => `${error.path}: ${error.message}`);

function expectLoads(text: string) {
  const result = loadManifest(text);
  if (!result.ok) throw new Error(result.errors.map(formatManifestError).join("\n"));
  return result.manifest;
}

describe("config fields", () => {
  it("accepts every field type", () => {
    const manifest = expectLoads(
      withFields(
        [
          "- { key: account, type: connection, connection: gh }",
          "- { key: title, type: string, default: Hi, validation: { min: 1, max: 10, pattern: '^[A-Z]' } }",
          "- { key: body, type: text, placeholder: Write here }",
          "- { key: token, type: secret, generate: true }",
          "- { key: owner, type: email, default: ops@example.com }",
          "- { key: limit, type: number, default: 5, validation: { min: 1, max: 10, integer: true } }",
          "- { key: enabled, type: boolean, default: true }",
          "- { key: priority, type: select, options: [low, { value: high, label: High }], default: high }",
          "- { key: labels, type: multiselect, options: [a, b, c], default: [a], validation: { max: 2 } }",
          "- { key: repo, type: select, dataSource: { connector: github, source: listRepos, connection: gh } }",
          "- { key: nightly, type: schedule, default: { cron: '0 2 * * *', timezone: Europe/Paris } }",
          "- { key: mapping, type: json, default: { a: 1 } }",
        ].join("\n"),
      ),
    );
    expect(manifest.config.pages[0].fields.map((field) => field.type)).toEqual([
      "connection",
      "string",
      "text",
      "secret",
      "email",
      "number",
      "boolean",
      "select",
      "multiselect",
      "select",
      "schedule",
      "json",
    ]);
  });

  it("rejects defaults that break the field's own rules", () => {
    expect(
      problems(
        withFields(
          [
            "- { key: title, type: string, default: hi, validation: { pattern: '^[A-Z]' } }",
            "- { key: limit, type: number, default: 50, validation: { min: 1, max: 10 } }",
            "- { key: priority, type: select, options: [low, high], default: urgent }",
            "- { key: owner, type: email, default: not-an-email }",
          ].join("\n"),
        ),
      ),
    ).toEqual([
      "config.pages[0].fields[0].default: default does not match validation.pattern ^[A-Z]",
      "config.pages[0].fields[1].default: default is above validation.max (10)",
      'config.pages[0].fields[2].default: default "urgent" is not one of the options',
      "config.pages[0].fields[3].default: Invalid email address",
    ]);
  });

  it("needs exactly one of options or dataSource, valid patterns and ordered bounds", () => {
    expect(
      problems(
        withFields(
          [
            "- { key: a, type: select }",
            "- { key: b, type: string, validation: { pattern: '([' } }",
            "- { key: c, type: multiselect, options: [x], validation: { min: 3, max: 1 } }",
          ].join("\n"),
        ),
      ),
    ).toEqual([
      "config.pages[0].fields[0]: give either static `options` or a `dataSource`, not both or neither",
      expect.stringMatching(/^config\.pages\[0\]\.fields\[1\]\.validation\.pattern: invalid regular expression: /),
      "config.pages[0].fields[2].validation.max: max (1) is below min (3)",
    ]);
  });

  it("never accepts a default for a secret, and checks cron and time zones", () => {
    expect(
      problems(
        withFields(
          [
            "- { key: token, type: secret, default: hunter2 }",
            "- { key: nightly, type: schedule, default: { cron: '61 * * * *', timezone: Mars/Olympus } }",
          ].join("\n"),
        ),
      ),
    ).toEqual([
      'config.pages[0].fields[0].default: unknown key "default"',
      'config.pages[0].fields[1].default.cron: invalid cron expression "61 * * * *": Invalid value for minute: 61',
      'config.pages[0].fields[1].default.timezone: unknown IANA time zone "Mars/Olympus" (e.g. Europe/Paris, UTC)',
    ]);
  });

  it("requires field keys usable as $$.Config.<key>", () => {
    expect(problems(withFields("- { key: my-field, type: string }"))).toEqual([
      "config.pages[0].fields[0].key: must be an identifier (letters, digits and _), as it is read as $$.Config.<key>",
    ]);
  });
});

describe("triggers", () => {
  it("accepts every trigger type and verification form", () => {
    const triggers = [
      "{ type: webhook, verify: { preset: stripe, secret: [{ config: secret }, whsec_old] }, match: { $.body.type: [a, b] }, dedupe: { header: X-Id }, sync: { timeoutMs: 5000 } }",
      "{ type: webhook, verify: { scheme: hmac, header: X-Sig, secret: { config: secret }, prefix: 'sha256=', signedPayload: '{timestamp}.{body}', timestampHeader: X-Ts } }",
      "{ type: webhook, verify: [{ scheme: challenge, when: { $.body.type: url_verification }, respond: $.body.challenge }, { scheme: header, header: X-Token, secret: abc }] }",
      "{ type: webhook, verify: { scheme: basic, username: hooks, password: { config: secret } }, dedupe: { path: $.body.id } }",
      "{ type: schedule, cron: '*/15 * * * *', timezone: America/New_York }",
      "{ type: schedule, config: when }",
      "{ type: instance.deploy }",
      "{ type: instance.deploy, onChange: true }",
      "{ type: instance.remove }",
      "{ type: manual }",
      "{ type: event, eventType: ticket.created }",
    ];
    for (const trigger of triggers) expectLoads(withTrigger(trigger));
  });

  it("gives precise messages for malformed triggers", () => {
    expect(problems(withTrigger("{ type: webhook, verify: { preset: githb, secret: x } }"))).toEqual([
      'flows[0].trigger.verify.preset: expected one of "github", "stripe", "slack", "twilio", "zendesk", "pagerduty", "shopify", "sendgrid", "standard-webhooks", "svix", "salesforce-outbound", got "githb"; did you mean "github"?',
    ]);
    expect(problems(withTrigger("{ type: webhook, verify: { scheme: hmac, header: X-Sig } }"))).toEqual(["flows[0].trigger.verify.secret: is required"]);
    expect(problems(withTrigger("{ type: webhook, verify: { preset: github, secret: 42 } }"))).toEqual([
      "flows[0].trigger.verify.secret: expected string, mapping or list, got number 42",
    ]);
    expect(problems(withTrigger("{ type: schedule, cron: '0 * * * *', config: when }"))).toEqual([
      "flows[0].trigger: give either `cron` (with an optional `timezone`) or `config: <schedule field>`",
    ]);
    expect(problems(withTrigger("{ type: webhook, sync: { timeoutMs: 120000 } }"))).toEqual([
      "flows[0].trigger.sync.timeoutMs: Too big: expected number to be <=60000",
    ]);
  });
});

describe("endpoints, subscriptions and HTTP actions", () => {
  const base = `key: demo\nname: Demo\nconnections: { zendesk: { connector: zendesk } }\nflows:\n  - { key: main, trigger: { type: event }, StartAt: Done, States: { Done: { Type: Succeed } } }\n`;

  it("accepts each dispatch form and both subscription spellings", () => {
    for (const dispatch of ['[{ flow: main, when: { "$.body.kind": [a, b] } }]', "{ eventTypePath: $.type }", "{ preprocess: main }"]) {
      const manifest = expectLoads(`${base}endpoints: { mode: per-instance, verify: { preset: zendesk, secret: s }, dispatch: ${dispatch} }\n`);
      expect(manifest.endpoints.mode).toBe("per-instance");
    }
    const manifest = expectLoads(
      `${base}subscriptions:\n  - { eventType: ticket.created, flow: main }\n  - { event_source: support, event_type: ticket.TicketCreated, flow: main }\n`,
    );
    expect(manifest.subscriptions).toHaveLength(2);
  });

  it("rejects per-instance endpoints without dispatch and half-written subscriptions", () => {
    expect(problems(`${base}endpoints: { mode: per-instance }\nsubscriptions:\n  - { event_type: ticket.TicketCreated, flow: main }\n`)).toEqual([
      "endpoints.dispatch: is required",
      "subscriptions[0].event_source: `event_source` is required with `event_type`",
    ]);
  });

  it("accepts HTTP actions with templated headers, query and body", () => {
    const manifest = expectLoads(
      `${base}actions:\n  tag:\n    method: PUT\n    path.$: "States.Format('/api/v2/tickets/{}/tags', $.id)"\n    connection: zendesk\n    headers: [{ key: X-Id, value.$: $.id }, { key: Accept, value: application/json }]\n    query: [{ key: async, value: "true" }]\n    requestBody: { tags.$: $.tags }\n`,
    );
    expect(manifest.actions.tag.method).toBe("PUT");
  });

  it("needs exactly one request target, and a connection for relative paths", () => {
    expect(
      problems(
        `${base}actions:\n  a: { method: GET, url: "https://x.test", path: /y, connection: zendesk }\n  b: { method: GET, path: /y }\n  c: { method: FETCH, url: "ftp://x.test", headers: [{ key: X }] }\n`,
      ),
    ).toEqual([
      "actions.a: the request target is missing or ambiguous: give only one of `url`, `path`",
      "actions.b.connection: a `path` is relative to a connection's base URL: name the `connection`",
      'actions.c.method: expected one of "GET", "POST", "PUT", "PATCH", "DELETE", got "FETCH"',
      "actions.c.url: must be an absolute http(s) URL",
      "actions.c.headers[0]: each entry needs a value: give one of `value`, `value.$`",
    ]);
  });
});
