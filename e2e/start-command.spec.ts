/**
 * The README's start command as an operator uses it: restart keeps data, SIGTERM stops Postgres
 * too, a Ctrl-C in the terminal stops everything in order, and a second start fails with a clear
 * message instead of a stack trace.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "@/server/testing/free-port";

test.describe.configure({ mode: "serial", timeout: 240_000 });

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const launchedProcesses: ChildProcess[] = [];

/** Stops whatever a failed assertion left running, so a later run finds its ports free. */
async function stopLeftovers() {
  for (const child of launchedProcesses) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

/** `asTerminal`: in a process group of its own, as a terminal runs a command, so a Ctrl-C can be sent to the whole group. */
function launch(env: Record<string, string>, asTerminal = false): Launched {
  // Exactly the README's command, so signals go through npm as they do for a person.
  const child = spawn("npm", ["start", "--silent"], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: asTerminal,
  });
  launchedProcesses.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(launched: Launched, pattern: RegExp, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(launched.output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${launched.output()}`);
    if (launched.child.exitCode !== null) throw new Error(`exited (${launched.child.exitCode}) before ${pattern}; output:\n${launched.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Postgres processes whose command line names this data directory. */
function postgresProcessesFor(dataDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return cmd[0].endsWith("postgres") && cmd.some((part) => part.startsWith(dataDir));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Ports of this machine's choosing, so nothing else listening here (or another checkout's run) collides. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function trpc(base: string, procedure: string, input?: unknown) {
  const response =
    input === undefined
      ? await fetch(`${base}/api/trpc/${procedure}`)
      : await fetch(`${base}/api/trpc/${procedure}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
        });
  return (await response.json()) as { result?: { data: { json: unknown } }; error?: unknown };
}

test("stop and start again keeps the data, stops Postgres, and refuses a second start", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchyard-lifecycle-"));
  chmodSync(dataDir, 0o755);
  const [port, postgresPort, otherPort, otherPostgresPort, sparePostgresPort] = await distinctFreePorts(5);
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(postgresPort) };
  const base = `http://localhost:${port}`;
  try {
    const first = launch(env);
    await waitForOutput(first, new RegExp(`Switchyard is ready: http://localhost:${port}`));
    // Before it is ready, it says who can reach what.
    expect(first.output()).toMatch(/Listening on all interfaces, port \d+: other machines that can reach this one can open it/);
    expect(first.output()).toContain("Sandbox: on for this machine only.");
    await trpc(base, "setup.createOwner", { organizationName: "Initech", name: "Bill", email: "bill@initech.test", password: "tps-reports-2026" });
    expect((await trpc(base, "setup.status")).result?.data.json).toEqual({ needsSetup: false });
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    const sameFolder = launch({ ...env, PORT: String(otherPort), EMBEDDED_POSTGRES_PORT: String(otherPostgresPort) });
    expect(await sameFolder.exited).toBe(1);
    expect(sameFolder.output()).toMatch(new RegExp(`already running from this folder \\(pid \\d+, http://localhost:${port}\\)`));
    expect(sameFolder.output()).not.toMatch(/\n\s+at /); // no stack trace

    const otherFolder = mkdtempSync(path.join(os.tmpdir(), "switchyard-lifecycle-"));
    const samePort = launch({ DATA_DIR: otherFolder, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(sparePostgresPort) });
    expect(await samePort.exited).toBe(1);
    expect(samePort.output()).toContain(`Port ${port} is in use`);
    expect(samePort.output()).not.toMatch(/\n\s+at /);
    rmSync(otherFolder, { recursive: true, force: true });

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("Stopped.");
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = launch(env, true);
    await waitForOutput(second, /Switchyard is ready/);
    expect(second.output()).not.toContain("Applied"); // nothing to migrate: same database
    expect(second.output()).not.toContain("Building the web app"); // nothing changed: no rebuild
    expect((await trpc(base, "setup.status")).result?.data.json).toEqual({ needsSetup: false });
    // Ctrl-C: the terminal sends SIGINT to every process of the command's group at once. Postgres is
    // not among them: it is stopped last, so the worker and web server never lose it while stopping.
    const before = second.output().length;
    process.kill(-second.child.pid!, "SIGINT");
    expect(await second.exited).toBe(0);
    const stopping = second.output().slice(before);
    expect(stopping).toContain("Stopped.");
    expect(stopping).not.toMatch(/ECONNREFUSED|connection refused|terminating connection|Connection terminated/i);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  } finally {
    await stopLeftovers();
    for (const pid of postgresProcessesFor(dataDir)) process.kill(pid, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
