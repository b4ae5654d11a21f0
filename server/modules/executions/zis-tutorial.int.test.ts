/**
 * Zendesk's ZIS tutorial ("post ticket-created events to a webhook URL") imported as a manifest:
 * fed a ticket-created event, its flow makes the HTTP call with the templated header and body.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import { importZisBundle } from "@/server/manifest/zis-import";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { executionDetail, startExecution } from "./executions.service";

const received: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
const sink = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ headers: req.headers, body: JSON.parse(body) });
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
let sinkUrl: string;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

beforeAll(async () => {
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", () => r()));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [sinkUrl] }) });
});

afterAll(async () => {
  await worker.stop();
  await new Promise((r) => sink.close(r));
});

describe("ZIS tutorial bundle", () => {
  it("imports and posts a ticket-created event's details with the templated header and body", async () => {
    const bundle = JSON.parse(readFileSync("examples/zis-ticket-created/bundle.json", "utf8"));
    const { manifest } = importZisBundle(bundle);
    // The tutorial posts to a public request bin; here the bin is a local server.
    const action = Object.values(manifest.actions ?? {})[0] as { url?: string };
    action.url = `${sinkUrl}/hook`;
    const { organization } = await createOrganizationWithMember();
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest: stringify(manifest) });

    const event = {
      event_source: "support",
      event_type: "ticket.TicketCreated",
      input: { ticket_event: { type: "Ticket Created", ticket: { id: 4321, status: "new", priority: "urgent", subject: "Printer on fire" } } },
    };
    const flowKey = manifest.flows[0].key;
    const { id } = await startExecution(organization.id, { instanceId: instance.id, flowKey, input: event, trigger: "event" });
    const { execution, steps } = await waitFor(async () => {
      const detail = await executionDetail(organization.id, id);
      return ["succeeded", "failed"].includes(detail.execution.status) ? detail : null;
    }, "the ZIS flow to finish");

    expect(execution.status).toBe("succeeded");
    expect(received).toHaveLength(1);
    expect(received[0].headers["x-zendesk-ticket-id"]).toBe("4321");
    expect(received[0].body).toEqual({ webhook: { status: "new", priority: "urgent" } });
    // The step keeps a record of the call for the execution log.
    expect(steps[0].calls).toEqual([expect.objectContaining({ method: "POST", status: 200 })]);
  });
});
