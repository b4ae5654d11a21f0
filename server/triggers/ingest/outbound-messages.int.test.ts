/**
 * Salesforce Outbound Messages through the real route handler: one event per Notification, the
 * exact Ack once they are recorded, a redelivery recorded as repeats, SOAP faults for a malformed
 * envelope or another org, and the SessionId never kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, postHook, uniqueKey } from "@/server/testing/hooks";
import { ACK_ENVELOPE, buildOutboundMessage, type OutboundMessage } from "@/server/verify/salesforce-outbound";

const ORG = "00D5g000004Fx2AEAS";
const SESSION = "00D5g000004Fx2A!AQ8AQ.live-session-token";
let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
});

afterAll(() => dropQueuedRuns(organizationId));

async function accountsInstance() {
  const manifest = `key: ${uniqueKey("sf")}
name: Salesforce accounts
flows:
  - key: accounts
    trigger:
      type: webhook
      verify: { preset: salesforce-outbound, secret: ${ORG} }
      match: { "$.body.Notification.sObject.attributes.type": Account }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
  const { instance } = await deployIntegration({ organizationId, manifest });
  return { instance, url: (await endpointUrls(organizationId, instance.id)).get("accounts")! };
}

function message(notifications: Array<[string, string, Record<string, string | null>]>, organizationId = ORG): OutboundMessage {
  return {
    organizationId,
    actionId: "04k5g000000TkxPAAS",
    sessionId: SESSION,
    enterpriseUrl: "https://acme.my.salesforce.com/services/Soap/c/60.0/00D5g000004Fx2A",
    partnerUrl: "https://acme.my.salesforce.com/services/Soap/u/60.0/00D5g000004Fx2A",
    notifications: notifications.map(([id, type, fields]) => ({ id, sObject: { type, fields } })),
  };
}

const send = (url: string, body: string) => postHook(url, { body, headers: { "content-type": "text/xml; charset=utf-8", soapaction: '"notifications"' } });
const eventsOf = (instanceId: string) => db().event.findMany({ where: { organizationId, instanceId }, orderBy: [{ receivedAt: "asc" }, { id: "asc" }] });

describe("Salesforce Outbound Messages", () => {
  it("records one event per Notification, answers the exact Ack after, and takes a redelivery as repeats", async () => {
    const { instance, url } = await accountsInstance();
    const envelope = buildOutboundMessage(
      message([
        ["04l000000000001AAA", "Account", { Id: "001000000000001AAA", Name: "Burlington Textiles", Phone: null }],
        ["04l000000000002AAA", "Account", { Id: "001000000000002AAA", Name: "Edge Communications" }],
        ["04l000000000003AAA", "Contact", { Id: "003000000000003AAA", LastName: "Rogers" }],
      ]),
    );
    const response = await send(url, envelope);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await response.text()).toBe(ACK_ENVELOPE);

    const events = await eventsOf(instance.id);
    expect(events.map((e) => [e.verdict, e.dedupeKey, e.eventType]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`))).toEqual([
      ["accepted", "04l000000000001AAA", "Account"],
      ["accepted", "04l000000000002AAA", "Account"],
      ["filtered", "04l000000000003AAA", "Contact"],
    ]);
    const executions = await db().execution.findMany({ where: { instanceId: instance.id }, orderBy: { createdAt: "asc" } });
    expect(executions).toHaveLength(2);
    const inputs = executions.map((e) => e.input as { body: unknown });
    expect(inputs.map((i) => i.body)).toEqual(
      expect.arrayContaining([
        {
          OrganizationId: ORG,
          ActionId: "04k5g000000TkxPAAS",
          EnterpriseUrl: "https://acme.my.salesforce.com/services/Soap/c/60.0/00D5g000004Fx2A",
          PartnerUrl: "https://acme.my.salesforce.com/services/Soap/u/60.0/00D5g000004Fx2A",
          Notification: {
            Id: "04l000000000001AAA",
            sObject: { attributes: { type: "Account" }, Id: "001000000000001AAA", Name: "Burlington Textiles", Phone: null },
          },
        },
      ]),
    );
    // The session never reaches an event or a flow.
    expect(JSON.stringify(events.map((e) => Buffer.from(e.body ?? []).toString()))).not.toContain(SESSION);
    expect(JSON.stringify(inputs)).not.toContain(SESSION);

    // Salesforce sends the message again when the Ack was lost: acknowledged, nothing new runs.
    const again = await send(url, envelope);
    expect(await again.text()).toBe(ACK_ENVELOPE);
    expect(await db().execution.count({ where: { instanceId: instance.id } })).toBe(2);
    const repeats = (await eventsOf(instance.id)).filter((e) => e.verdict === "duplicate");
    expect(repeats.map((e) => e.dedupeKey).sort()).toEqual(["04l000000000001AAA", "04l000000000002AAA"]);
  });

  it("answers a SOAP fault for a message from another org and for a malformed one, starting nothing and keeping no session", async () => {
    const { instance, url } = await accountsInstance();
    const foreign = await send(url, buildOutboundMessage(message([["04l000000000009AAA", "Account", { Id: "001000000000009AAA" }]], "00D000000000062EAA")));
    expect(foreign.status).toBe(500);
    const faultText = await foreign.text();
    expect(faultText).toContain("<faultcode>soapenv:Client</faultcode>");
    expect(faultText).toContain("OrganizationId 00D000000000062EAA is not the organization this endpoint accepts messages from");

    const malformed = await send(url, "<soapenv:Envelope><soapenv:Body><notifications></notifications></soapenv:Body></soapenv:Envelope>");
    expect(malformed.status).toBe(500);
    const malformedText = await malformed.text();
    expect(malformedText, malformedText).toMatch(
      /<faultstring>Outbound message refused: (malformed outbound message: no (OrganizationId|Notification)|not well-formed XML)/,
    );

    expect(await db().execution.count({ where: { instanceId: instance.id } })).toBe(0);
    const events = await eventsOf(instance.id);
    expect(events.map((e) => e.verdict)).toEqual(["rejected", "rejected"]);
    const kept = Buffer.from(events[0].body!).toString();
    expect(kept).toContain("<SessionId>[redacted]</SessionId>");
    expect(kept).not.toContain(SESSION);
  });
});
