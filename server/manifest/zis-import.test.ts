import { readFileSync } from "node:fs";

import { stringify } from "yaml";
import { describe, expect, it } from "vitest";

import { loadManifest } from "@/server/manifest/load-manifest";
import { formatManifestError } from "@/server/manifest/manifest-error";
import { importZisBundle } from "@/server/manifest/zis-import";
import { zisTemplateToExpression } from "@/server/manifest/zis-templates";

const TUTORIAL_BUNDLE: unknown = JSON.parse(readFileSync(new URL("../../examples/zis-ticket-created/bundle.json", import.meta.url), "utf8"));

function expectLoads(manifest: unknown) {
  const result = loadManifest(stringify(manifest));
  if (!result.ok) throw new Error(result.errors.map(formatManifestError).join("\n"));
  return result.manifest;
}

describe("importZisBundle on the ZIS tutorial bundle", () => {
  const { manifest, warnings } = importZisBundle(TUTORIAL_BUNDLE);

  it("lists the integration under a readable name with the Zendesk logo, or as the importer is told", () => {
    expect(manifest).toMatchObject({
      name: "Zis tutorial",
      icon: "zendesk",
      description: "Posts ticket details to a webhook URL when a Zendesk ticket is created",
    });
    const listed = importZisBundle(TUTORIAL_BUNDLE, { name: "New Zendesk tickets → webhook", category: "Support" }).manifest;
    expect(listed).toMatchObject({ name: "New Zendesk tickets → webhook", category: "Support", icon: "zendesk" });
  });

  it("turns the HTTP action into a manifest action with its templated header and body", () => {
    expect(manifest.actions).toEqual({
      "post-to-webhook-site": {
        method: "POST",
        url: "https://webhook.site/7a1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        headers: [{ key: "X-Zendesk-Ticket-Id", "value.$": "$.ticketId" }],
        requestBody: { webhook: { "status.$": "$.ticketStatus", "priority.$": "$.ticketPriority" } },
      },
    });
  });

  it("keeps the flow's states and points its Action state at that action", () => {
    expect(manifest.flows).toHaveLength(1);
    const [flow] = manifest.flows;
    expect(flow).toMatchObject({ key: "ticket_created_flow", trigger: { type: "event" }, StartAt: "PostTicketCreatedToWebhook" });
    expect(flow.States.PostTicketCreatedToWebhook).toEqual({
      Type: "Action",
      Action: "post-to-webhook-site",
      Parameters: {
        "ticketId.$": "$.input.ticket_event.ticket.id",
        "ticketStatus.$": "$.input.ticket_event.ticket.status",
        "ticketPriority.$": "$.input.ticket_event.ticket.priority",
      },
      End: true,
    });
  });

  it("routes the JobSpec's event type to the flow through one per-instance endpoint", () => {
    expect(manifest.key).toBe("zis-tutorial");
    expect(manifest.subscriptions).toEqual([
      { name: "ticket_created_job_spec", event_source: "support", event_type: "ticket.TicketCreated", flow: "ticket_created_flow" },
    ]);
    expect(manifest.endpoints).toEqual({ mode: "per-instance", dispatch: { eventTypePath: "$.event_type", eventSourcePath: "$.event_source" } });
    expect(warnings).toEqual([expect.stringContaining("events are dispatched on $.event_type and $.event_source")]);
  });

  it("produces a manifest that loads cleanly", () => {
    const loaded = expectLoads(manifest);
    expect(loaded.flows[0].States.PostTicketCreatedToWebhook).toMatchObject({ Type: "Action", Action: "post-to-webhook-site" });
  });
});

describe("importZisBundle on other bundle shapes", () => {
  const bundle = {
    name: "Slack Notifier",
    zis_template_version: "2019-10-14",
    resources: {
      tag_ticket: {
        type: "ZIS::Action::Http",
        properties: {
          name: "zendesk.tag_ticket",
          definition: {
            method: "put",
            "path.$": "/api/v2/tickets/{{$.ticket_id}}/tags",
            requestBody: { "tags.$": "States.Array('seen')", note: "literal {{kept}}" },
          },
        },
      },
      per_item: {
        type: "ZIS::Flow",
        properties: {
          name: "per_item",
          definition: {
            StartAt: "Each",
            States: {
              Each: {
                Type: "Map",
                ItemsPath: "$.input.ids",
                Iterator: {
                  StartAt: "Tag",
                  States: {
                    Tag: { Type: "Action", Resource: "zis:notifier:action:zendesk.tag_ticket", Parameters: { "ticket_id.$": "$" }, Next: "Say" },
                    Say: {
                      Type: "Action",
                      ActionName: "zis:common:action:LoadConfig",
                      Parameters: { "message.$": "Ticket {{$.id}} isn't 'done' {yet}" },
                      End: true,
                    },
                  },
                },
                End: true,
              },
            },
          },
        },
      },
      config: { type: "ZIS::Config", properties: { name: "settings" } },
      orphan_job: {
        type: "ZIS::JobSpec",
        properties: { name: "orphan_job", event_source: "support", event_type: "ticket.CommentAdded", flow_name: "zis:notifier:flow:missing" },
      },
    },
  };
  const { manifest, warnings } = importZisBundle(bundle);

  it("maps Zendesk-relative actions to the zendesk connection and rewrites {{…}} templates", () => {
    expect(manifest.connections).toEqual({ zendesk: { connector: "zendesk", label: "Zendesk" } });
    expect(manifest.actions?.["zendesk-tag_ticket"]).toEqual({
      method: "PUT",
      "path.$": "States.Format('/api/v2/tickets/{}/tags', $.ticket_id)",
      requestBody: { "tags.$": "States.Array('seen')", note: "literal {{kept}}" },
      connection: "zendesk",
    });
  });

  it("rewrites action references inside Map iterators, and reports what it could not map", () => {
    const each = manifest.flows[0].States.Each as { Iterator: { States: Record<string, Record<string, unknown>> } };
    expect(each.Iterator.States.Tag).toMatchObject({ Action: "zendesk-tag_ticket" });
    expect(each.Iterator.States.Tag).not.toHaveProperty("Resource");
    expect(each.Iterator.States.Say).toMatchObject({
      Action: "zis.common-action-LoadConfig",
      Parameters: { "message.$": "States.Format('Ticket {} isn\\'t \\'done\\' \\{yet\\}', $.id)" },
    });
    expect(manifest.flows[0].trigger).toEqual({ type: "manual" });
    expect(manifest.subscriptions).toEqual([]);
    expect(manifest.endpoints).toEqual({ mode: "per-flow" });
    expect(warnings).toEqual([
      'resource "config" (ZIS::Config) has no Switchyard equivalent and was skipped',
      'JobSpec "orphan_job" names flow "zis:notifier:flow:missing", which is not in the bundle; it was skipped',
      'flow "per_item" has no JobSpec; it was imported with a manual trigger',
      'flow "per_item": action "zis:common:action:LoadConfig" is not defined in the bundle; it was mapped to "zis.common-action-LoadConfig", which needs a connector',
    ]);
  });

  it("still produces a loadable manifest, whose intrinsics the engine parses", () => {
    expect(manifest.key).toBe("notifier"); // the integration named in zis:notifier:… references, not the display name
    expectLoads(manifest);
  });

  it("refuses something that is not a bundle, naming what is missing", () => {
    expect(() => importZisBundle({ name: "x", resources: {} })).toThrow(/^not a ZIS bundle: zis_template_version: /);
    expect(() => importZisBundle("nope")).toThrow(/^not a ZIS bundle/);
  });
});

describe("zisTemplateToExpression", () => {
  it("leaves template-free values alone and unwraps a lone placeholder", () => {
    expect(zisTemplateToExpression("$.a.b")).toBe("$.a.b");
    expect(zisTemplateToExpression("{{$.a.b}}")).toBe("$.a.b");
    expect(zisTemplateToExpression("{{ $.a }}")).toBe("$.a");
  });

  it("builds States.Format with every placeholder in order and escapes literal text", () => {
    expect(zisTemplateToExpression("https://x.test/{{$.a}}/{{$.b}}?q=1")).toBe("States.Format('https://x.test/{}/{}?q=1', $.a, $.b)");
    expect(zisTemplateToExpression("a\\b {{$.c}}")).toBe("States.Format('a\\\\b {}', $.c)");
  });
});
