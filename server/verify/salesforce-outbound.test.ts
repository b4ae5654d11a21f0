import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./registry";
import { ACK_ENVELOPE, buildOutboundMessage, isAcknowledgement, parseOutboundMessage, soapFault, type OutboundMessage } from "./salesforce-outbound";
import type { WebhookRequest } from "./verifier";

const ORG_18 = "00D5g000004Fx2AEAS";
const ORG_15 = ORG_18.slice(0, 15);
const now = { now: () => new Date(1_700_000_000_000) };

/** An envelope laid out as Salesforce's documentation shows one, prefixes and whitespace included. */
const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${ORG_18}</OrganizationId>
   <ActionId>04k5g000000TkxPAAS</ActionId>
   <SessionId>00D5g000004Fx2A!AQ8AQHx.session.secret</SessionId>
   <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/60.0/00D5g000004Fx2A</EnterpriseUrl>
   <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/60.0/00D5g000004Fx2A</PartnerUrl>
   <Notification>
    <Id>04l5g00000CZ7vOAAT</Id>
    <sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>0015g00000TdB9xAAF</sf:Id>
     <sf:Name>Burlington Textiles &amp; Co</sf:Name>
     <sf:Phone xsi:nil="true"/>
     <sf:AnnualRevenue>350000000.0</sf:AnnualRevenue>
    </sObject>
   </Notification>
   <Notification>
    <Id>04l5g00000CZ7vPAAT</Id>
    <sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>0015g00000TdB9yAAF</sf:Id>
     <sf:Name>Edge Communications</sf:Name>
    </sObject>
   </Notification>
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;

function delivery(body: string): WebhookRequest {
  return {
    method: "POST",
    url: "https://hooks.example.com/api/hooks/tok",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""' },
    rawBody: Buffer.from(body),
  };
}

const verify = (body: string, secrets: string[]) => verifyDelivery(delivery(body), { preset: "salesforce-outbound" }, secrets, now);

describe("salesforce-outbound preset", () => {
  it("parses Salesforce's envelope: the org, the action, every Notification with its sObject's fields (nil as null)", () => {
    const parsed = parseOutboundMessage(Buffer.from(SAMPLE));
    expect(parsed).toEqual({
      ok: true,
      message: {
        organizationId: ORG_18,
        actionId: "04k5g000000TkxPAAS",
        sessionId: "00D5g000004Fx2A!AQ8AQHx.session.secret",
        enterpriseUrl: "https://acme.my.salesforce.com/services/Soap/c/60.0/00D5g000004Fx2A",
        partnerUrl: "https://acme.my.salesforce.com/services/Soap/u/60.0/00D5g000004Fx2A",
        notifications: [
          {
            id: "04l5g00000CZ7vOAAT",
            sObject: { type: "Account", fields: { Id: "0015g00000TdB9xAAF", Name: "Burlington Textiles & Co", Phone: null, AnnualRevenue: "350000000.0" } },
          },
          { id: "04l5g00000CZ7vPAAT", sObject: { type: "Account", fields: { Id: "0015g00000TdB9yAAF", Name: "Edge Communications" } } },
        ],
      },
    });
  });

  it("accepts a message from the configured org, whether it is given with 15 or 18 characters", () => {
    expect(verify(SAMPLE, [ORG_18])).toEqual({ ok: true });
    expect(verify(SAMPLE, [ORG_15])).toEqual({ ok: true });
    expect(verify(SAMPLE.replace(ORG_18, ORG_15), [ORG_18])).toEqual({ ok: true });
    // Ids are case-sensitive: another org differs only in case.
    expect(verify(SAMPLE, [ORG_15.toLowerCase()]).ok).toBe(false);
  });

  it("refuses a message from another org, naming the org it came from", () => {
    expect(verify(SAMPLE, ["00D000000000062EAA"])).toEqual({
      ok: false,
      reason: `OrganizationId ${ORG_18} is not the organization this endpoint accepts messages from`,
    });
  });

  it("fails closed without a configured org", () => {
    expect(verify(SAMPLE, [])).toEqual({ ok: false, reason: "no secret configured" });
    expect(verify(SAMPLE, [" "])).toEqual({ ok: false, reason: "no secret configured" });
  });

  it("refuses malformed messages with the reason", () => {
    expect(verify("{}", [ORG_18])).toMatchObject({ ok: false, reason: expect.stringMatching(/^not well-formed XML \(line 1, column 1: /) });
    expect(verify("<order><id>1</id></order>", [ORG_18])).toEqual({ ok: false, reason: "malformed outbound message: not a SOAP envelope (no Envelope/Body)" });
    expect(verify("<soapenv:Envelope", [ORG_18])).toMatchObject({ ok: false, reason: expect.stringMatching(/^not well-formed XML \(line 1, column \d+: /) });
    expect(verify(SAMPLE.replace(/<OrganizationId>.*<\/OrganizationId>/, ""), [ORG_18])).toEqual({
      ok: false,
      reason: "malformed outbound message: no OrganizationId",
    });
    expect(verify(SAMPLE.replace(/<Notification>[\s\S]*<\/Notification>/, ""), [ORG_18])).toEqual({
      ok: false,
      reason: "malformed outbound message: no Notification",
    });
    expect(verify(SAMPLE.replace('xsi:type="sf:Account" ', ""), [ORG_18])).toEqual({
      ok: false,
      reason: "malformed outbound message: Notification 1's sObject has no xsi:type",
    });
    const entity = SAMPLE.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>');
    expect(verify(entity, [ORG_18])).toEqual({ ok: false, reason: "a DOCTYPE is not allowed in an outbound message" });
  });

  it("builds what it parses, escaping text", () => {
    const message: OutboundMessage = {
      organizationId: ORG_18,
      actionId: "04k000000000001AAA",
      sessionId: null,
      enterpriseUrl: "https://sandbox.test/services/Soap/c/60.0/00D",
      partnerUrl: "https://sandbox.test/services/Soap/u/60.0/00D",
      notifications: [
        { id: "04l000000000001AAA", sObject: { type: "Opportunity", fields: { Id: "006000000000001AAA", Name: 'Q3 <renewal> & "more"', Amount: null } } },
      ],
    };
    expect(parseOutboundMessage(Buffer.from(buildOutboundMessage(message)))).toEqual({ ok: true, message });
  });

  it("recognises the acknowledgement, and nothing else, as one", () => {
    expect(isAcknowledgement(ACK_ENVELOPE)).toBe(true);
    expect(isAcknowledgement(ACK_ENVELOPE.replace("<Ack>true</Ack>", "<Ack>false</Ack>"))).toBe(false);
    expect(isAcknowledgement(soapFault("Client", "no"))).toBe(false);
    expect(isAcknowledgement('{"ok":true}')).toBe(false);
    expect(soapFault("Client", "OrganizationId <x> & y")).toContain("<faultstring>OrganizationId &lt;x&gt; &amp; y</faultstring>");
  });
});
