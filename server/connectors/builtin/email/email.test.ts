/** email.sendEmail against a real SMTP server (smtp-server) that keeps and parses what it receives. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { emailConnector } from "@/server/connectors/builtin/email";
import { createActionContext, type ResolvedConnection } from "@/server/connectors/framework/context";
import { runConnectorAction } from "@/server/connectors/framework/run-member";
import { memoryState, silentLogger } from "@/server/connectors/testing/local-server";
import { memoryBlobs } from "@/server/connectors/testing/memory-blobs";
import { accountLabelOf } from "@/server/modules/connections/label-account";
import { startSmtpReceiver, type SmtpReceiver } from "@/server/testing/smtp-receiver";

let receiver: SmtpReceiver;

beforeAll(async () => {
  receiver = await startSmtpReceiver({ username: "mailer", password: "s3cret-pass" });
});

afterAll(() => receiver?.stop());

function email(options: { allow?: string[]; values?: Record<string, string | number> } = {}) {
  const blobs = memoryBlobs();
  const connection: ResolvedConnection & { key: string } = {
    key: "email",
    connector: "email",
    auth: {
      kind: "credentials",
      method: "credentials",
      values: {
        host: receiver.host,
        port: receiver.port,
        security: "none",
        username: "mailer",
        password: "s3cret-pass",
        from: "Reports <reports@acme.test>",
        ...options.values,
      },
    },
  };
  const runtime = {
    network: { allow: options.allow ?? [receiver.allow] },
    onRecord: () => undefined,
    state: memoryState(),
    blobs,
    log: silentLogger,
    signal: new AbortController().signal,
  };
  const send = (input: unknown, idempotencyKey = "exec-1:Send:1") =>
    runConnectorAction(emailConnector, "sendEmail", createActionContext(emailConnector, connection, runtime, idempotencyKey), input) as Promise<any>;
  return { send, blobs };
}

describe("email.sendEmail", () => {
  it("sends text with stored files attached, from the connection's default sender", async () => {
    const { send, blobs } = email();
    const csv = await blobs.put({ name: "tickets.csv", bytes: Buffer.from("id,subject\n1,Café ☕\n") });
    const pdf = await blobs.put({ name: "scan.bin", contentType: "application/pdf", bytes: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]) });
    const result = await send({
      to: ["ops@customer.test", "cto@customer.test"],
      cc: "audit@customer.test",
      subject: "Tickets – weekly",
      text: "See attached.",
      attachments: [csv, { file: pdf, name: "scan.pdf" }],
    });
    expect(result).toEqual({
      messageId: expect.stringMatching(/^<[0-9a-f]{32}@switchyard>$/),
      accepted: ["ops@customer.test", "cto@customer.test", "audit@customer.test"],
      rejected: [],
    });

    const message = receiver.messages.at(-1)!;
    expect(message.user).toBe("mailer");
    expect(message.envelope).toEqual({ from: "reports@acme.test", to: ["ops@customer.test", "cto@customer.test", "audit@customer.test"] });
    expect(message.headers["message-id"]).toBe(result.messageId);
    expect(message.subject).toBe("Tickets – weekly");
    expect(message.text?.trim()).toBe("See attached.");
    expect(message.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["tickets.csv", "text/csv"],
      ["scan.pdf", "application/pdf"],
    ]);
    expect(message.attachments[0]!.content.toString("utf8")).toBe("id,subject\n1,Café ☕\n");
    expect([...message.attachments[1]!.content]).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
  });

  it("keeps the Message-ID of a retried step, so the receiver can spot the duplicate", async () => {
    const { send } = email();
    const first = await send({ to: "a@customer.test", subject: "x", text: "1" }, "exec-2:Send:1");
    const again = await send({ to: "a@customer.test", subject: "x", text: "1" }, "exec-2:Send:1");
    const other = await send({ to: "a@customer.test", subject: "x", text: "1" }, "exec-3:Send:1");
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it("says a refused login is a login problem, without retrying and without the password", async () => {
    const { send } = email({ values: { password: "wrong-password" } });
    const failure = send({ to: "a@customer.test", subject: "x", text: "y" });
    await expect(failure).rejects.toMatchObject({
      name: "NonRetryableError",
      errorName: "Switchyard.AuthFailed",
      message: "SMTP login refused by 127.0.0.1: check the username and password",
    });
    await expect(failure).rejects.not.toThrow(/wrong-password/);
  });

  it("refuses a host the organization did not allow-list, before connecting", async () => {
    const { send } = email({ allow: [] });
    await expect(send({ to: "a@customer.test", subject: "x", text: "y" })).rejects.toMatchObject({ errorName: "Switchyard.NetworkRefused" });
  });

  it("needs a sender and some content", async () => {
    const { send } = email({ values: { from: "" } });
    await expect(send({ to: "a@customer.test", subject: "x", text: "y" })).rejects.toThrow("email.sendEmail needs a `from` address");
    await expect(send({ to: "a@customer.test", subject: "x", from: "me@acme.test" })).rejects.toThrow(
      "invalid input for email.sendEmail: text: give text, html or at least one attachment",
    );
  });

  it("requires TLS by default: a server without STARTTLS is refused", async () => {
    const { send } = email({ values: { security: "starttls" } });
    await expect(send({ to: "a@customer.test", subject: "x", text: "y" })).rejects.toMatchObject({
      name: "NonRetryableError",
      message: 'SMTP 127.0.0.1 does not offer STARTTLS, which the connection requires: use security "tls" (port 465), or "none" for an internal relay only',
    });
  });
});

describe("a new email connection", () => {
  const values = () => ({ host: receiver.host, port: receiver.port, security: "none", username: "mailer", password: "s3cret-pass", from: "reports@acme.test" });

  it("is checked by logging in, and named after its sender", async () => {
    const sent = receiver.messages.length;
    expect(
      await accountLabelOf(emailConnector, { kind: "credentials", method: "credentials", values: values() }, undefined, { allow: [receiver.allow] }, undefined),
    ).toBe("reports@acme.test");
    expect(receiver.messages).toHaveLength(sent);
  });

  it("is refused when the server refuses the login", async () => {
    await expect(
      accountLabelOf(
        emailConnector,
        { kind: "credentials", method: "credentials", values: { ...values(), password: "nope" } },
        undefined,
        { allow: [receiver.allow] },
        undefined,
      ),
    ).rejects.toMatchObject({ errorName: "Switchyard.AuthFailed" });
  });
});
