/** The SFTP session against a real OpenSSH server on loopback (server/testing/sftp-server.ts). */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSftpServer, type SftpTestServer } from "@/server/testing/sftp-server";
import { globToRegExp, parentOf, withSftpSession, type SftpCredentials } from "./sftp-session";

let server: SftpTestServer;

beforeAll(async () => {
  server = await startSftpServer();
}, 60_000);

afterAll(() => server?.stop());

const credentials = (): SftpCredentials => ({ host: server.host, port: server.port, username: server.username, privateKey: server.privateKey });
const session = { signal: new AbortController().signal };

describe("SFTP session", () => {
  it("logs in with a private key and reads and writes files", async () => {
    writeFileSync(path.join(server.root, "hello.txt"), "hi there");
    const listed = await withSftpSession(credentials(), { ...session, network: { allow: [server.allow] } }, async (sftp) => {
      await sftp.put(Buffer.from("uploaded"), `${server.root}/up.txt`);
      return (await sftp.list(server.root)).map((entry) => entry.name).sort();
    });
    expect(listed).toEqual(["hello.txt", "up.txt"]);
  });

  it("refuses loopback unless the organization allow-listed it, before connecting", async () => {
    await expect(withSftpSession(credentials(), { ...session, network: { allow: [] } }, async () => "connected")).rejects.toThrow(
      "refused to connect to 127.0.0.1 (loopback address): add it to the organization's network allow-list to permit it",
    );
    // The allowance is for that port only.
    await expect(withSftpSession(credentials(), { ...session, network: { allow: ["127.0.0.1:1"] } }, async () => "connected")).rejects.toMatchObject({
      errorName: "Switchyard.NetworkRefused",
    });
  });

  it("says a key the server does not accept is a refused login, without retrying", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sy-key-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "other")]);
    const other = execFileSync("cat", [path.join(dir, "other")]).toString();
    await expect(
      withSftpSession({ ...credentials(), privateKey: other }, { ...session, network: { allow: [server.allow] } }, async () => "in"),
    ).rejects.toMatchObject({
      name: "NonRetryableError",
      errorName: "Switchyard.AuthFailed",
      message: expect.stringContaining("SFTP login refused"),
    });
  });

  it("refuses a server whose host key is not the expected one", async () => {
    const pinned = { ...credentials(), hostFingerprint: `SHA256:${"A".repeat(43)}` };
    await expect(withSftpSession(pinned, { ...session, network: { allow: [server.allow] } }, async () => "in")).rejects.toMatchObject({
      errorName: "Switchyard.HostKeyMismatch",
      message: expect.stringMatching(/presented host key SHA256:\S+, not the expected SHA256:A+: refusing to connect/),
    });
  });
});

describe("path helpers", () => {
  it("match globs and find parents", () => {
    expect(globToRegExp("*.csv").test("Orders.CSV")).toBe(true);
    expect(globToRegExp("orders-??.csv").test("orders-01.csv")).toBe(true);
    expect(globToRegExp("*.csv").test("orders.csv.partial")).toBe(false);
    expect(parentOf("/in/a.csv")).toBe("/in");
    expect(parentOf("/a.csv")).toBe("/");
  });
});
