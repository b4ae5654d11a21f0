/** The sftp connector's actions against a real OpenSSH server, with files in an in-memory ctx.blobs. */
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sftpConnector } from "@/server/connectors/builtin/sftp";
import { createActionContext, type ResolvedConnection } from "@/server/connectors/framework/context";
import { runConnectorAction } from "@/server/connectors/framework/run-member";
import { memoryState, silentLogger } from "@/server/connectors/testing/local-server";
import { memoryBlobs } from "@/server/connectors/testing/memory-blobs";
import { accountLabelOf } from "@/server/modules/connections/label-account";
import { startSftpServer, type SftpTestServer } from "@/server/testing/sftp-server";

let server: SftpTestServer;

beforeAll(async () => {
  server = await startSftpServer();
}, 60_000);

afterAll(() => server?.stop());

let folderCount = 0;
function folder(): string {
  const dir = path.join(server.root, `case-${++folderCount}`);
  mkdirSync(dir);
  return dir;
}

function sftp(options: { allow?: string[]; maxBytes?: number; values?: Record<string, string | number> } = {}) {
  const blobs = memoryBlobs(options.maxBytes);
  const connection: ResolvedConnection & { key: string } = {
    key: "sftp",
    connector: "sftp",
    auth: {
      kind: "credentials",
      method: "credentials",
      values: { host: server.host, port: server.port, username: server.username, privateKey: server.privateKey, ...options.values },
    },
  };
  const runtime = {
    network: { allow: options.allow ?? [server.allow] },
    onRecord: () => undefined,
    state: memoryState(),
    blobs,
    log: silentLogger,
    signal: new AbortController().signal,
  };
  let step = 0;
  const run = (action: string, input: unknown) =>
    runConnectorAction(sftpConnector, action, createActionContext(sftpConnector, connection, runtime, `exec:Step:${++step}`), input) as Promise<any>;
  return { run, blobs };
}

describe("sftp.listFiles", () => {
  it("lists files oldest first, filtered by a pattern, without directories", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "b.csv"), "12345");
    writeFileSync(path.join(dir, "a.CSV"), "1");
    writeFileSync(path.join(dir, "c.txt"), "x");
    mkdirSync(path.join(dir, "archive.csv"));
    utimesSync(path.join(dir, "b.csv"), new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
    utimesSync(path.join(dir, "a.CSV"), new Date("2026-01-02T00:00:00Z"), new Date("2026-01-02T00:00:00Z"));
    const { run } = sftp();
    const result = await run("listFiles", { path: dir, pattern: "*.csv" });
    expect(result).toEqual({
      count: 2,
      files: [
        { name: "b.csv", path: `${dir}/b.csv`, size: 5, modifiedAt: "2026-01-01T00:00:00.000Z", type: "file" },
        { name: "a.CSV", path: `${dir}/a.CSV`, size: 1, modifiedAt: "2026-01-02T00:00:00.000Z", type: "file" },
      ],
    });
  });

  it("leaves out files changed too recently to be complete, when asked", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "settled.csv"), "x");
    writeFileSync(path.join(dir, "uploading.csv"), "x");
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(path.join(dir, "settled.csv"), old, old);
    const { run } = sftp();
    expect((await run("listFiles", { path: dir, minAgeSeconds: 60 })).files.map((f: { name: string }) => f.name)).toEqual(["settled.csv"]);
    expect((await run("listFiles", { path: dir })).count).toBe(2);
  });

  it("says a missing folder does not exist", async () => {
    const { run } = sftp();
    await expect(run("listFiles", { path: `${server.root}/nope` })).rejects.toMatchObject({
      errorName: "Switchyard.FileNotFound",
      message: `SFTP: ${server.root}/nope: no such file or directory`,
    });
  });
});

describe("sftp.downloadFile and sftp.uploadFile", () => {
  it("round-trips a file through the store, keeping its name under a folder path", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "report.csv"), "a,b\n1,2\n");
    const { run, blobs } = sftp();
    const downloaded = await run("downloadFile", { path: `${dir}/report.csv` });
    expect(downloaded.file).toMatchObject({ name: "report.csv", contentType: "text/csv", size: 8 });
    expect((await blobs.read(downloaded.file)).bytes.toString()).toBe("a,b\n1,2\n");

    const uploaded = await run("uploadFile", { file: downloaded.file, path: `${dir}/out/` });
    expect(uploaded).toEqual({ path: `${dir}/out/report.csv`, size: 8 });
    expect(readFileSync(path.join(dir, "out", "report.csv"), "utf8")).toBe("a,b\n1,2\n");
    // No temporary file left behind.
    expect(readdirSync(path.join(dir, "out"))).toEqual(["report.csv"]);
  });

  it("refuses to replace an existing file unless told to", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "x.txt"), "old");
    const { run, blobs } = sftp();
    const file = await blobs.put({ name: "x.txt", bytes: Buffer.from("new") });
    await expect(run("uploadFile", { file, path: `${dir}/x.txt` })).rejects.toMatchObject({ errorName: "Switchyard.FileExists" });
    expect(readFileSync(path.join(dir, "x.txt"), "utf8")).toBe("old");
    await run("uploadFile", { file, path: `${dir}/x.txt`, overwrite: true });
    expect(readFileSync(path.join(dir, "x.txt"), "utf8")).toBe("new");
  });

  it("refuses a download larger than the store allows before transferring it", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "big.bin"), Buffer.alloc(4096));
    const { run, blobs } = sftp({ maxBytes: 1024 });
    await expect(run("downloadFile", { path: `${dir}/big.bin` })).rejects.toMatchObject({
      errorName: "Switchyard.FileTooLarge",
      message: 'file "big.bin" is 4 KiB, more than the 1 KiB a file may have here (BLOB_MAX_BYTES)',
    });
    expect(blobs.files.size).toBe(0);
  });
});

describe("sftp.moveFile and sftp.deleteFile", () => {
  it("moves into a folder it creates, and a repeated move is a no-op", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "in.csv"), "x");
    const { run } = sftp();
    expect(await run("moveFile", { from: `${dir}/in.csv`, to: `${dir}/processed/` })).toEqual({ from: `${dir}/in.csv`, to: `${dir}/processed/in.csv` });
    expect(readdirSync(dir).sort()).toEqual(["processed"]);
    // A retry of the step after the move happened (the connection dropped before the answer).
    expect(await run("moveFile", { from: `${dir}/in.csv`, to: `${dir}/processed/` })).toEqual({ from: `${dir}/in.csv`, to: `${dir}/processed/in.csv` });
    await expect(run("moveFile", { from: `${dir}/gone.csv`, to: `${dir}/processed/` })).rejects.toMatchObject({ errorName: "Switchyard.FileNotFound" });
  });

  it("replaces an existing destination only with overwrite", async () => {
    const dir = folder();
    mkdirSync(path.join(dir, "done"));
    writeFileSync(path.join(dir, "done", "a.csv"), "yesterday");
    writeFileSync(path.join(dir, "a.csv"), "today");
    const { run } = sftp();
    await expect(run("moveFile", { from: `${dir}/a.csv`, to: `${dir}/done/` })).rejects.toMatchObject({ errorName: "Switchyard.FileExists" });
    await run("moveFile", { from: `${dir}/a.csv`, to: `${dir}/done/`, overwrite: true });
    expect(readFileSync(path.join(dir, "done", "a.csv"), "utf8")).toBe("today");
    expect(existsSync(path.join(dir, "a.csv"))).toBe(false);
  });

  it("deletes a file, and says when it was already gone", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "old.csv"), "x");
    const { run } = sftp();
    expect(await run("deleteFile", { path: `${dir}/old.csv` })).toEqual({ path: `${dir}/old.csv`, deleted: true });
    expect(await run("deleteFile", { path: `${dir}/old.csv`, ignoreMissing: true })).toEqual({ path: `${dir}/old.csv`, deleted: false });
    await expect(run("deleteFile", { path: `${dir}/old.csv` })).rejects.toMatchObject({ errorName: "Switchyard.FileNotFound" });
  });
});

describe("sftp connection", () => {
  it("refuses the server when the organization did not allow-list it", async () => {
    const { run } = sftp({ allow: [] });
    await expect(run("listFiles", { path: server.root })).rejects.toMatchObject({ errorName: "Switchyard.NetworkRefused" });
  });

  it("is checked by logging in when it is saved, and named user@host", async () => {
    const values = { host: server.host, port: server.port, username: server.username, privateKey: server.privateKey };
    expect(await accountLabelOf(sftpConnector, { kind: "credentials", method: "credentials", values }, undefined, { allow: [server.allow] }, undefined)).toBe(
      `${server.username}@127.0.0.1`,
    );
    await expect(
      accountLabelOf(
        sftpConnector,
        { kind: "credentials", method: "credentials", values: { ...values, privateKey: undefined as never, password: "wrong" } },
        undefined,
        { allow: [server.allow] },
        undefined,
      ),
    ).rejects.toMatchObject({
      errorName: "Switchyard.AuthFailed",
    });
    await expect(
      accountLabelOf(sftpConnector, { kind: "credentials", method: "credentials", values }, undefined, { allow: [] }, undefined),
    ).rejects.toMatchObject({ errorName: "Switchyard.NetworkRefused" });
  });

  it("checks the credentials the customer typed in", () => {
    const validate = sftpConnector.auth.kind === "credentials" ? sftpConnector.auth.validate! : () => [];
    expect(validate({ host: "h", port: 22, username: "u" })).toEqual([{ field: "password", message: "give a password or a private key" }]);
    expect(validate({ host: "h", port: 22, username: "u", password: "p", hostFingerprint: "md5:aa" })).toEqual([
      { field: "hostFingerprint", message: "must look like SHA256: followed by 43 base64 characters" },
    ]);
  });
});
