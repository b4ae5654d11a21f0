/**
 * A real OpenSSH server for the SFTP tests: its own config, a temporary host key, a client key in
 * an authorized_keys file of its own, a free loopback port, the `internal-sftp` subsystem, started
 * in the foreground (`-D -e -f config`). It works as a normal user (it can then log in only that
 * user, by key; without PAM, sshd refuses accounts whose password field is locked with "!", such
 * as system users) and as root (CI containers), where sshd needs its privilege-separation directory.
 * `SSHD_PATH` points at another sshd binary (e.g. Homebrew's on a laptop).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { freePort } from "./free-port";

const run = promisify(execFile);

export interface SftpTestServer {
  host: "127.0.0.1";
  port: number;
  username: string;
  /** The client's private key (OpenSSH PEM), authorised to log in. */
  privateKey: string;
  /** A directory on this machine the tests read and write; SFTP paths under it are absolute. */
  root: string;
  /** The allow-list entry that lets flows reach this server and nothing else on loopback. */
  allow: string;
  stop(): Promise<void>;
}

function sshdPath(): string {
  // Test tooling, not the product: the product reads its settings in server/env.ts only.
  const configured = process.env.SSHD_PATH;
  if (configured) return configured;
  for (const candidate of ["/usr/sbin/sshd", "/usr/local/sbin/sshd", "/opt/homebrew/sbin/sshd"]) if (existsSync(candidate)) return candidate;
  throw new Error("sshd not found: install OpenSSH's server (Debian: apt-get install openssh-server) or set SSHD_PATH");
}

async function waitForBanner(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${output()}`);
    const banner = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.setTimeout(1000);
      socket.once("data", (data) => (socket.destroy(), resolve(data.toString())));
      socket.once("error", () => resolve(""));
      socket.once("timeout", () => (socket.destroy(), resolve("")));
    });
    if (banner.startsWith("SSH-")) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`sshd did not answer on port ${port}:\n${output()}`);
}

export async function startSftpServer(): Promise<SftpTestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), "switchyard-sshd-"));
  const root = path.join(dir, "files");
  mkdirSync(root);
  const hostKey = path.join(dir, "host_ed25519");
  const clientKey = path.join(dir, "client_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", clientKey]);
  const authorizedKeys = path.join(dir, "authorized_keys");
  await writeFile(authorizedKeys, await readFile(`${clientKey}.pub`), { mode: 0o600 });

  const asRoot = process.getuid?.() === 0;
  // As root, sshd insists on its privilege-separation directory (compiled in as /run/sshd on Debian).
  if (asRoot && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, "sshd_config");
  await writeFile(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      // The key files live in a temporary directory, not in a home directory sshd would check.
      "StrictModes no",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      asRoot ? "PermitRootLogin prohibit-password" : "",
      "Subsystem sftp internal-sftp",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  let output = "";
  const child = spawn(sshdPath(), ["-D", "-e", "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (data) => (output += data));
  child.stderr!.on("data", (data) => (output += data));
  try {
    await waitForBanner(port, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: "127.0.0.1",
    port,
    username: userInfo().username,
    privateKey: await readFile(clientKey, "utf8"),
    root,
    allow: `127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
