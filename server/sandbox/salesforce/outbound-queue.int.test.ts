/**
 * The sandbox org's outbound message queue against a receiver of the test's own: the envelope it
 * sends, retries with growing delays until the Ack, a lost Ack, and giving up. Time is the
 * sandbox clock, moved forward instead of waited for.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { useSandboxClock } from "@/server/sandbox/clock";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { ACK_ENVELOPE, parseOutboundMessage, soapFault } from "@/server/verify/salesforce-outbound";
import { deliverDueOutboundMessages, GIVE_UP_AFTER_MS, holdOutboundQueue } from "./outbound-queue";
import { KEY_PREFIX, newSalesforceId } from "./salesforce-ids";
import { createOutboundMessage, createRecord, updateRecord } from "./salesforce.service";
import * as repo from "./salesforce.repo";

let receiver: LocalServer;
/** What the receiver answers next: "ack", "fault" or "garbage". */
const answers: string[] = [];

beforeAll(async () => {
  // Every pass is the test's own (passAt), at the sandbox time it sets.
  holdOutboundQueue(true);
  receiver = await startLocalServer((_request, response) => {
    const next = answers.shift() ?? "ack";
    if (next === "ack") response.writeHead(200, { "content-type": "text/xml" }).end(ACK_ENVELOPE);
    else if (next === "fault") response.writeHead(500, { "content-type": "text/xml" }).end(soapFault("Server", "busy"));
    else response.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
});

afterAll(async () => {
  holdOutboundQueue(false);
  await receiver.close();
});
afterEach(() => useSandboxClock());

async function org(fields = ["Name", "Phone"]) {
  const id = newSalesforceId(KEY_PREFIX.Organization);
  await repo.ensureOrg({ id, name: "Queue test org" });
  const message = await createOutboundMessage(id, {
    sobject: "Account",
    name: "Queue_Test",
    endpointUrl: `${receiver.origin}/hook`,
    fields,
    includeSessionId: true,
    integrationUserId: null,
  });
  return { id, message };
}

const userId = newSalesforceId(KEY_PREFIX.User);
const notificationsOf = (orgId: string) => db().sandboxSalesforceNotification.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } });

/** Moves the sandbox clock `seconds` ahead of real time and runs one queue pass. */
async function passAt(seconds: number) {
  const real = Date.now;
  useSandboxClock(() => new Date(real() + seconds * 1000));
  await deliverDueOutboundMessages();
  await settleSandboxDeliveries();
}

describe("the sandbox's outbound message queue", () => {
  it("sends the definition's fields as Salesforce's envelope, and marks them delivered on the Ack", async () => {
    const { id, message } = await org();
    const before = receiver.requests.length;
    const record = await createRecord(id, userId, "Account", { Name: "Pyramid Construction", Phone: "(014) 427-4427", Industry: "Manufacturing" });
    await passAt(0);
    const [request] = receiver.requests.slice(before);
    expect(request.headers["content-type"]).toBe("text/xml; charset=utf-8");
    expect(request.headers.soapaction).toBe('""');
    const parsed = parseOutboundMessage(Buffer.from(request.body));
    expect(parsed.ok && parsed.message).toMatchObject({
      organizationId: id,
      actionId: message.id,
      sessionId: expect.stringMatching(new RegExp(`^${id.slice(0, 15)}!`)),
      notifications: [{ sObject: { type: "Account", fields: { Id: record.id, Name: "Pyramid Construction", Phone: "(014) 427-4427" } } }],
    });
    // Only the fields the definition selected (and Id).
    expect(parsed.ok && Object.keys(parsed.message.notifications[0]!.sObject.fields)).toEqual(["Id", "Name", "Phone"]);
    expect((await notificationsOf(id)).map((n) => [n.status, n.attempts, n.lastResult])).toEqual([["delivered", 1, "acknowledged"]]);
  });

  it("retries with growing delays until the Ack: a fault, an answer that is no Ack, then the Ack", async () => {
    const { id } = await org();
    answers.push("fault", "garbage");
    const record = await createRecord(id, userId, "Account", { Name: "Dickenson plc" });
    await passAt(0);
    let [notification] = await notificationsOf(id);
    expect(notification).toMatchObject({ status: "queued", attempts: 1, lastResult: "HTTP 500: the answer is not notificationsResponse with Ack true" });
    expect(notification!.nextAttemptAt.getTime() - notification!.lastAttemptAt!.getTime()).toBe(2_000);

    await passAt(1);
    expect((await notificationsOf(id))[0]!.attempts).toBe(1); // not due yet
    await passAt(3);
    [notification] = await notificationsOf(id);
    expect(notification).toMatchObject({ status: "queued", attempts: 2, lastResult: "HTTP 200: the answer is not notificationsResponse with Ack true" });
    expect(notification!.nextAttemptAt.getTime() - notification!.lastAttemptAt!.getTime()).toBe(4_000);
    await passAt(8);
    expect((await notificationsOf(id))[0]).toMatchObject({ status: "delivered", attempts: 3 });
    const attempts = await db().sandboxDelivery.findMany({ where: { provider: "salesforce", requestBody: { contains: record.id } } });
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 200, 500]);
  });

  it("sends a notification again when its Ack is lost on the way back, and gives up after the sandbox's window", async () => {
    const { id } = await org();
    await repo.setLoseNextAcks(id, 1);
    await createRecord(id, userId, "Account", { Name: "Express Logistics" });
    await passAt(0);
    expect((await notificationsOf(id))[0]).toMatchObject({ status: "queued", attempts: 1, lastResult: expect.stringContaining("Ack lost") });
    expect((await repo.findOrg(id))!.loseNextAcks).toBe(0);
    await passAt(3);
    expect((await notificationsOf(id))[0]).toMatchObject({ status: "delivered", attempts: 2 });

    // A receiver that never acknowledges: tried until the window closes, then expired.
    const record = (await repo.listRecords(id, "Account"))[0]!;
    answers.push(...Array(10).fill("fault"));
    useSandboxClock();
    await updateRecord(id, userId, "Account", record.id, { Phone: "555" });
    await passAt(0);
    const created = (await notificationsOf(id))[1]!.createdAt.getTime();
    await passAt((created + GIVE_UP_AFTER_MS - Date.now()) / 1000 + 1);
    expect((await notificationsOf(id))[1]).toMatchObject({ status: "expired", attempts: 2 });
    answers.length = 0;
  });

  it("puts notifications queued together into one envelope", async () => {
    const { id } = await org(["Name"]);
    const before = receiver.requests.length;
    for (const name of ["One", "Two", "Three"]) await createRecord(id, userId, "Account", { Name: name });
    await passAt(0);
    const sent = receiver.requests.slice(before).map((r) => parseOutboundMessage(Buffer.from(r.body)));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.ok && sent[0]!.message.notifications.map((n) => n.sObject.fields.Name)).toEqual(["One", "Two", "Three"]);
  });
});
