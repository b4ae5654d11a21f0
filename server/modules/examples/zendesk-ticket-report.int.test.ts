/**
 * Acceptance of the scheduled file export (examples/zendesk-ticket-report): on its schedule the
 * flow reads the sandbox Zendesk's tickets, builds a CSV and emails it through a real SMTP
 * receiver; the test reads the received message and parses the attachment.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { seedSandbox } from "@/server/sandbox/seed";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { createTicket } from "@/server/sandbox/zendesk/zendesk.service";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { dropQueuedRuns } from "@/server/testing/hooks";
import { startSmtpReceiver, type SmtpReceiver } from "@/server/testing/smtp-receiver";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";
import {
  activateExample,
  connectWithCredentials,
  connectZendesk,
  customerOf,
  EVERY_MINUTE,
  executionsOf,
  sandboxZendesk,
  settled,
} from "@/server/testing/scheduled-example-fixtures";
import { tickAt } from "@/server/triggers/kinds/schedule/testing/tick-at";

let smtp: SmtpReceiver;
let sandbox: SandboxServer;
let worker: RunningWorker;
let organizationId: string;

beforeAll(async () => {
  [smtp, sandbox] = await Promise.all([startSmtpReceiver({ username: "reports@acme.test", password: "smtp-password" }), startSandboxServer()]);
  await seedSandbox();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [sandbox.origin] }) });
  organizationId = (await createOrganizationWithMember()).organization.id;
  await db().organization.update({ where: { id: organizationId }, data: { networkAllowList: [smtp.allow] } });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  if (organizationId) await dropQueuedRuns(organizationId);
  await Promise.all([smtp?.stop(), sandbox?.close()]);
});

describe("scheduled file export: Zendesk tickets → CSV → email", () => {
  it("emails a CSV of the workspace's tickets on schedule", async () => {
    const { workspace, agent } = await sandboxZendesk();
    await createTicket(workspace, agent, { subject: "Printer on fire", comment: { body: "Smoke everywhere", public: true }, priority: "urgent" });
    await createTicket(workspace, agent, { subject: 'Refund for "order 42", please', comment: { body: "Arrived broken", public: true } });

    const scope = await customerOf(organizationId);
    const connections = {
      zendesk: await connectZendesk(scope, sandbox, agent.login),
      email: await connectWithCredentials(scope, "email", "email", {
        host: smtp.host,
        port: smtp.port,
        security: "none",
        username: "reports@acme.test",
        password: "smtp-password",
        from: "Acme Reports <reports@acme.test>",
      }),
    };
    const instance = await activateExample(
      scope,
      "zendesk-ticket-report",
      { recipient: "ops@customer.test", subject: "Weekly tickets", every: EVERY_MINUTE },
      connections,
    );
    await settled(instance.id);
    expect(smtp.messages).toHaveLength(0);

    const [fired] = await tickAt(instance, 1);
    expect(fired).toBeDefined();
    await settled(instance.id);
    const [run] = await executionsOf(instance.id, "report");
    expect(run).toMatchObject({ status: "succeeded", output: { accepted: ["ops@customer.test"], rejected: [] } });

    const message = await waitFor(async () => smtp.messages.find((m) => m.envelope.to.includes("ops@customer.test")), "the report email");
    expect(message.user).toBe("reports@acme.test");
    expect(message.envelope.from).toBe("reports@acme.test");
    expect(message.subject).toBe("Weekly tickets");
    expect(message.text).toMatch(/^Attached: 2 Zendesk tickets \(of 2 in total\), as of \d{4}-\d\d-\d\dT/);
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({ filename: "zendesk-tickets.csv", contentType: "text/csv" });

    const rows = parse(attachment!.content, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(["ID", "Subject", "Status", "Priority", "Created", "Updated"]);
    expect(rows.map((row) => [row.Subject, row.Status, row.Priority]).sort()).toEqual([
      ["Printer on fire", "open", "urgent"],
      ['Refund for "order 42", please', "open", ""],
    ]);
    expect(rows.every((row) => /^\d+$/.test(row.ID!) && !Number.isNaN(Date.parse(row.Created!)))).toBe(true);
  });
});
