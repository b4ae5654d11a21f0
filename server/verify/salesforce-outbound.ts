import { XMLParser, XMLValidator } from "fast-xml-parser";
import { equalBytes, sha256 } from "./crypto";
import { defineVerifyPreset, type NoOptions } from "./preset";
import { accept, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * Salesforce Outbound Messages (Workflow / Flow "Send Outbound Message"): a SOAP 1.1 `notifications`
 * envelope of the namespace below, carrying the sending org's OrganizationId, the ActionId of the
 * outbound message definition, an optional SessionId, the Enterprise and Partner API URLs, and 1 to
 * 100 Notifications, each an Id and an sObject (`xsi:type="sf:Account"`) with the fields the
 * definition selected. The receiver acknowledges with `notificationsResponse` / `<Ack>true</Ack>`;
 * anything else makes Salesforce retry.
 *
 * Outbound Messages carry no signature. The one thing the message itself proves is which org sent
 * it, so the "secret" of this preset is the expected OrganizationId (15 or 18 characters; the 18
 * character form only adds a case-insensitive checksum): a message from any other org is refused.
 * A real deployment adds what Salesforce offers beyond that (server/triggers/README.md): HTTPS
 * only, Salesforce's published IP ranges at the firewall, and the endpoint URL's unguessable token.
 */
export const OUTBOUND_MESSAGE_NAMESPACE = "http://soap.sforce.com/2005/09/outbound";
export const SOAP_ENVELOPE_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/";
/** The enterprise WSDL's namespace for sObject fields. */
export const SOBJECT_NAMESPACE = "urn:sobject.enterprise.soap.sforce.com";

/** Salesforce's limit on notifications per message. */
export const MAX_NOTIFICATIONS = 100;

export interface OutboundSObject {
  /** The sObject type from `xsi:type` (`Account`), without the `sf:` prefix. */
  type: string;
  /** Field values as text, as the message carries them; `xsi:nil` fields are null. */
  fields: Record<string, string | null>;
}

export interface OutboundNotification {
  id: string;
  sObject: OutboundSObject;
}

export interface OutboundMessage {
  organizationId: string;
  actionId: string;
  sessionId: string | null;
  enterpriseUrl: string;
  partnerUrl: string;
  notifications: OutboundNotification[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, jpath) => jpath === "Envelope.Body.notifications.Notification",
});

type Node = Record<string, unknown>;

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === "object" && Object.hasOwn(node, name) ? (node as Node)[name] : undefined;
}

/** An element's text: the string itself, or `#text` of an element that also has attributes. */
function text(node: unknown): string | null {
  if (typeof node === "string") return node;
  if (node !== null && typeof node === "object") {
    if (child(node, "@_nil") === "true") return null;
    const inner = child(node, "#text");
    return typeof inner === "string" ? inner : inner === undefined ? "" : null;
  }
  return null;
}

function requiredText(node: unknown, name: string): string {
  const value = text(child(node, name));
  if (value === null || value === "") throw new MalformedMessage(`no ${name}`);
  return value;
}

class MalformedMessage extends Error {}

function sObjectOf(node: unknown, index: number): OutboundSObject {
  if (node === null || typeof node !== "object") throw new MalformedMessage(`Notification ${index + 1} has no sObject`);
  const declared = child(node, "@_type");
  if (typeof declared !== "string" || declared.trim() === "") throw new MalformedMessage(`Notification ${index + 1}'s sObject has no xsi:type`);
  const fields: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(node as Node)) {
    if (name.startsWith("@_") || name === "#text") continue;
    if (Array.isArray(value) || (value !== null && typeof value === "object" && Object.keys(value).some((key) => !key.startsWith("@_") && key !== "#text"))) {
      throw new MalformedMessage(`Notification ${index + 1}'s field ${name} is not a simple value`);
    }
    fields[name] = text(value);
  }
  return { type: declared.replace(/^[^:]*:/, ""), fields };
}

/**
 * Parses the exact bytes Salesforce sent. A message that is not a well-formed `notifications`
 * envelope answers why (`no OrganizationId`, `line 3, column 5: …`), never a partial message.
 */
export function parseOutboundMessage(rawBody: Buffer): { ok: true; message: OutboundMessage } | { ok: false; reason: string } {
  const xml = rawBody.toString("utf8");
  // Salesforce never sends a DOCTYPE; refusing one rules out entity tricks in what follows.
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, reason: "a DOCTYPE is not allowed in an outbound message" };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: `not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})` };
  try {
    const document = parser.parse(xml) as Node;
    const body = child(child(document, "Envelope"), "Body");
    if (body === undefined) throw new MalformedMessage("not a SOAP envelope (no Envelope/Body)");
    const element = child(body, "notifications");
    if (element === undefined) throw new MalformedMessage("the SOAP body holds no notifications element");
    // An empty element parses as text.
    const notifications = element !== null && typeof element === "object" ? element : {};
    const list = (child(notifications, "Notification") as unknown[] | undefined) ?? [];
    if (list.length === 0) throw new MalformedMessage("no Notification");
    if (list.length > MAX_NOTIFICATIONS) throw new MalformedMessage(`${list.length} notifications; Salesforce sends at most ${MAX_NOTIFICATIONS}`);
    const sessionId = text(child(notifications, "SessionId"));
    return {
      ok: true,
      message: {
        organizationId: requiredText(notifications, "OrganizationId"),
        actionId: requiredText(notifications, "ActionId"),
        sessionId: sessionId === "" ? null : sessionId,
        enterpriseUrl: text(child(notifications, "EnterpriseUrl")) ?? "",
        partnerUrl: text(child(notifications, "PartnerUrl")) ?? "",
        notifications: list.map((notification, index) => ({
          id: requiredText(notification, "Id"),
          sObject: sObjectOf(child(notification, "sObject"), index),
        })),
      },
    };
  } catch (error) {
    if (error instanceof MalformedMessage) return { ok: false, reason: `malformed outbound message: ${error.message}` };
    throw error;
  }
}

/** 15-character ids are case-sensitive; the 18-character form adds 3 checksum characters. */
function orgKey(id: string): Buffer {
  return sha256(Buffer.from(id.trim().slice(0, 15), "utf8"));
}

export const salesforceOutboundVerifier: WebhookVerifier<NoOptions> = {
  // No signature header; the SessionId in the body is removed before anything is recorded.
  secretHeaders: () => [],
  verify(request, _config, secrets) {
    const organizations = usableSecrets(secrets);
    if (organizations.length === 0) return reject(NO_SECRET_CONFIGURED);
    const parsed = parseOutboundMessage(request.rawBody);
    if (!parsed.ok) return reject(parsed.reason);
    const sent = orgKey(parsed.message.organizationId);
    // Compared as hashes: constant time, and the configured id's length is not revealed.
    if (!organizations.some((organization) => equalBytes(orgKey(organization), sent))) {
      return reject(`OrganizationId ${parsed.message.organizationId.slice(0, 18)} is not the organization this endpoint accepts messages from`);
    }
    return accept();
  },
};

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * The envelope as Salesforce sends it: what the sandbox Salesforce posts, and what tests send.
 * Field names are written as given (`Name`, `Acme_Id__c`); null values become `xsi:nil="true"`.
 */
export function buildOutboundMessage(message: OutboundMessage): string {
  const notifications = message.notifications
    .map((notification) => {
      const fields = Object.entries(notification.sObject.fields)
        .map(([name, value]) => (value === null ? `<sf:${name} xsi:nil="true"/>` : `<sf:${name}>${escapeXml(value)}</sf:${name}>`))
        .join("");
      return `<Notification><Id>${escapeXml(notification.id)}</Id><sObject xsi:type="sf:${escapeXml(notification.sObject.type)}" xmlns:sf="${SOBJECT_NAMESPACE}">${fields}</sObject></Notification>`;
    })
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NAMESPACE}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<soapenv:Body><notifications xmlns="${OUTBOUND_MESSAGE_NAMESPACE}">` +
    `<OrganizationId>${escapeXml(message.organizationId)}</OrganizationId>` +
    `<ActionId>${escapeXml(message.actionId)}</ActionId>` +
    (message.sessionId === null ? `<SessionId xsi:nil="true"/>` : `<SessionId>${escapeXml(message.sessionId)}</SessionId>`) +
    `<EnterpriseUrl>${escapeXml(message.enterpriseUrl)}</EnterpriseUrl>` +
    `<PartnerUrl>${escapeXml(message.partnerUrl)}</PartnerUrl>` +
    notifications +
    `</notifications></soapenv:Body></soapenv:Envelope>`
  );
}

/** The acknowledgement Salesforce waits for: without it, it retries the message. */
export const ACK_ENVELOPE =
  `<?xml version="1.0" encoding="UTF-8"?>` +
  `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NAMESPACE}">` +
  `<soapenv:Body><notificationsResponse xmlns="${OUTBOUND_MESSAGE_NAMESPACE}"><Ack>true</Ack></notificationsResponse></soapenv:Body>` +
  `</soapenv:Envelope>`;

/** A SOAP 1.1 fault; `Client` for a message that is wrong, `Server` for a failure on our side. */
export function soapFault(code: "Client" | "Server", reason: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NAMESPACE}">` +
    `<soapenv:Body><soapenv:Fault><faultcode>soapenv:${code}</faultcode><faultstring>${escapeXml(reason)}</faultstring></soapenv:Fault></soapenv:Body>` +
    `</soapenv:Envelope>`
  );
}

/** Whether an answer is the acknowledgement: a `notificationsResponse` with `Ack` true (what the sandbox Salesforce checks). */
export function isAcknowledgement(body: string): boolean {
  if (/<!DOCTYPE/i.test(body) || XMLValidator.validate(body) !== true) return false;
  const document = parser.parse(body) as Node;
  const ack = text(child(child(child(child(document, "Envelope"), "Body"), "notificationsResponse"), "Ack"));
  return ack?.trim().toLowerCase() === "true";
}

/** `preset: salesforce-outbound` in a manifest: one event per Notification (server/triggers/ingest/outbound-messages.ts), keyed by its Id. */
export const salesforceOutboundPreset = defineVerifyPreset({
  name: "salesforce-outbound",
  timestamped: false,
  verifier: salesforceOutboundVerifier,
  dedupe: { path: "$.Notification.Id" },
});
