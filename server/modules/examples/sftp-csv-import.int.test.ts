/**
 * Acceptance of the scheduled file import (examples/sftp-csv-import) against a real OpenSSH server
 * and the sandbox Zendesk: three CSV files, one malformed → two imports succeed, one fails naming
 * the bad line; all three are moved; the next scans import nothing twice.
 */
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { listTickets } from "@/server/sandbox/zendesk/zendesk.repo";
import { seedSandbox } from "@/server/sandbox/seed";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { dropQueuedRuns } from "@/server/testing/hooks";
import { startSftpServer, type SftpTestServer } from "@/server/testing/sftp-server";
import { startTestWorker } from "@/server/testing/test-worker";
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

let sftp: SftpTestServer;
let sandbox: SandboxServer;
let worker: RunningWorker;
let organizationId: string;

beforeAll(async () => {
  [sftp, sandbox] = await Promise.all([startSftpServer(), startSandboxServer()]);
  await seedSandbox();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [sandbox.origin] }) });
  organizationId = (await createOrganizationWithMember()).organization.id;
  // The customer's SFTP server is on loopback here: the organization allow-lists exactly that port.
  await db().organization.update({ where: { id: organizationId }, data: { networkAllowList: [sftp.allow] } });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  if (organizationId) await dropQueuedRuns(organizationId);
  await Promise.all([sftp?.stop(), sandbox?.close()]);
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe("scheduled file import: SFTP CSV files → Zendesk tickets", () => {
  it("imports each file in its own execution, moves all three, reports the bad line, and never imports twice", async () => {
    const upload = path.join(sftp.root, "upload");
    mkdirSync(upload);
    writeFileSync(
      path.join(upload, "orders-1.csv"),
      "subject,description\nPrinter on fire,The office printer is smoking\nVPN down,Cannot reach the VPN since 9:00\n",
    );
    // More rows than one page (50): read in two pages.
    const bulk = Array.from({ length: 59 }, (_, i) => `Bulk ${i + 1},Row ${i + 1}`).join("\n");
    writeFileSync(path.join(upload, "orders-2.csv"), `subject,description\n"Refund, please","Order 42 arrived broken"\n${bulk}\n`);
    writeFileSync(path.join(upload, "orders-3.csv"), "subject,description\nWorks,Fine row\nBroken,row,with an extra field\nNever,reached\n");
    writeFileSync(path.join(upload, "notes.txt"), "not a CSV: left alone");
    // Uploaded a while ago: the scan leaves files younger than a minute for the next run.
    for (const name of ["orders-1.csv", "orders-2.csv", "orders-3.csv"]) utimesSync(path.join(upload, name), minutesAgo(5), minutesAgo(5));

    const { workspace, agent } = await sandboxZendesk();
    const scope = await customerOf(organizationId);
    const connections = {
      sftp: await connectWithCredentials(scope, "sftp", "sftp", { host: sftp.host, port: sftp.port, username: sftp.username, privateKey: sftp.privateKey }),
      zendesk: await connectZendesk(scope, sandbox, agent.login),
    };
    const instance = await activateExample(
      scope,
      "sftp-csv-import",
      { folder: upload, processedFolder: `${upload}/processed`, failedFolder: `${upload}/failed`, every: EVERY_MINUTE },
      connections,
    );
    await settled(instance.id);

    // First scan: one execution per CSV file.
    expect(await tickAt(instance, 1)).toHaveLength(1);
    await settled(instance.id);
    const imports = await executionsOf(instance.id, "importFile");
    expect(imports).toHaveLength(3);
    const byFile = Object.fromEntries(
      imports.map((execution) => [(execution.input as { name: string }).name, { status: execution.status, error: execution.error }]),
    );
    expect(byFile).toEqual({
      "orders-1.csv": { status: "succeeded", error: null },
      "orders-2.csv": { status: "succeeded", error: null },
      "orders-3.csv": {
        status: "failed",
        error: { Error: "Switchyard.ParseError", Cause: "orders-3.csv: line 3: Invalid Record Length: columns length is 2, got 3 (record 2)" },
      },
    });

    // All three moved; the text file was not matched and stays.
    expect(listing(upload)).toEqual(["failed", "notes.txt", "processed"]);
    expect(listing(path.join(upload, "processed"))).toEqual(["orders-1.csv", "orders-2.csv"]);
    expect(listing(path.join(upload, "failed"))).toEqual(["orders-3.csv"]);

    // The good rows became tickets; the bad file opened none.
    const { rows: tickets } = await listTickets(workspace, {}, { skip: 0, take: 100 });
    const bulkSubjects = Array.from({ length: 59 }, (_, i) => `Bulk ${i + 1}`);
    expect(tickets.map((ticket) => ticket.subject).sort()).toEqual(["Printer on fire", "Refund, please", "VPN down", ...bulkSubjects].sort());
    expect(tickets.every((ticket) => ticket.tags.includes("sftp-import"))).toBe(true);

    // Next scan: nothing new in the folder, nothing imported.
    expect(await tickAt(instance, 2)).toHaveLength(1);
    await settled(instance.id);
    expect(await executionsOf(instance.id, "importFile")).toHaveLength(3);

    // A file the import already announced (same path, time and size), seen again, is not imported twice.
    const again = path.join(upload, "orders-1.csv");
    const processed = path.join(upload, "processed", "orders-1.csv");
    const seen = statSync(processed).mtime;
    writeFileSync(again, "subject,description\nPrinter on fire,The office printer is smoking\nVPN down,Cannot reach the VPN since 9:00\n");
    utimesSync(again, seen, seen);
    // A new file in the same scan still is, once its upload has settled.
    const fresh = path.join(upload, "orders-4.csv");
    writeFileSync(fresh, "subject,description\nNew laptop,For the new hire\n");
    expect(await tickAt(instance, 3)).toHaveLength(1);
    await settled(instance.id);
    expect(await executionsOf(instance.id, "importFile")).toHaveLength(3);
    expect(listing(upload)).toContain("orders-4.csv");
    utimesSync(fresh, minutesAgo(2), minutesAgo(2));
    expect(await tickAt(instance, 4)).toHaveLength(1);
    await settled(instance.id);
    const after = await executionsOf(instance.id, "importFile");
    expect(after.map((execution) => (execution.input as { name: string }).name).sort()).toEqual([
      "orders-1.csv",
      "orders-2.csv",
      "orders-3.csv",
      "orders-4.csv",
    ]);
    expect(after.find((execution) => (execution.input as { name: string }).name === "orders-4.csv")!.status).toBe("succeeded");
    expect((await listTickets(workspace, {}, { skip: 0, take: 100 })).rows).toHaveLength(63);

    const scans = await executionsOf(instance.id, "scan");
    expect(scans.map((scan) => scan.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
  });
});
