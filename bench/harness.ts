/**
 * What the load benchmarks share: a throw-away embedded Postgres, the production build served by
 * `next start` (as `npm start` runs it), a worker in its own process, the bare `http` server that
 * stands for the machine's limit, and a closed-loop load generator (autocannon).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { useRuntimeConfig } from "@/server/env";
import { buildIfNeeded } from "@/server/launcher/build";
import { TEST_ENCRYPTION_KEY, TEST_SESSION_SECRET, testRuntimeConfig } from "@/server/testing/factories";
import { freePort } from "@/server/testing/free-port";
import { startTestPostgres, type TestPostgres } from "@/server/testing/test-postgres";

export const root = path.resolve(import.meta.dirname, "..");
const say = (line: string) => process.stdout.write(`  … ${line}\n`);

export interface BenchDatabase {
  url: string;
  cluster: TestPostgres;
  stop(): Promise<void>;
}

/** A fresh migrated database on its own embedded Postgres; this process's Prisma client points at it. */
export async function startBenchDatabase(prefix: string, publicUrl = "http://127.0.0.1:3999", settings?: Record<string, string>): Promise<BenchDatabase> {
  const cluster = await startTestPostgres(settings);
  const url = await cluster.freshDatabase(prefix);
  useDatabase(url);
  useEncryptionKey(TEST_ENCRYPTION_KEY);
  useRuntimeConfig({ ...testRuntimeConfig(url), publicUrl });
  return {
    url,
    cluster,
    async stop() {
      await disconnectDb().catch(() => undefined);
      await cluster.stop();
    },
  };
}

/** `next build` when the sources changed since the last build (the same check `npm start` makes). */
export async function ensureProductionBuild(): Promise<void> {
  await buildIfNeeded(root, { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, say);
}

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

async function waitForHttp(url: string, child: ChildProcess, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before answering ${url}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * The production web server on the bench database, with the environment `npm start` gives it:
 * `scripts/web.ts` (what `npm start` runs: Next.js with webhooks answered directly), or with
 * `nextStart` Next.js's own `next start`, where webhooks go through the framework's route.
 */
export async function startProductionServer(options: {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  nextStart?: boolean;
}): Promise<Child & { origin: string }> {
  const port = options.port ?? Number(process.env.BENCH_PORT ?? (await freePort()));
  const origin = `http://127.0.0.1:${port}`;
  const command = options.nextStart
    ? ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"]
    : ["--import", "tsx", "scripts/web.ts"];
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString("base64"),
      PUBLIC_URL: origin,
      NEXTAUTH_URL: origin,
      SANDBOX_ENABLED: "true",
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForHttp(`${origin}/api/health`, child, options.nextStart ? "next start" : "the web server");
  return { process: child, origin, stop: stopper(child) };
}

/** The environment a web or worker process gets for the bench database. */
export function processEnv(databaseUrl: string, origin: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: TEST_SESSION_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString("base64"),
    PUBLIC_URL: origin,
    SANDBOX_ENABLED: "true",
  };
}

/** `npm run worker` (scripts/worker.ts) in its own process, as a second host would run it. */
export async function startWorkerProcess(options: { databaseUrl: string; origin: string; concurrency?: number; env?: Record<string, string> }): Promise<Child> {
  const env = {
    ...processEnv(options.databaseUrl, options.origin),
    LOG_LEVEL: "info",
    ...(options.concurrency ? { WORKER_CONCURRENCY: String(options.concurrency) } : {}),
    ...options.env,
  };
  return startScript("scripts/worker.ts", [], env, "worker started");
}

/** A script run with tsx in its own process; resolves once it prints `ready` (or `readyText`). */
export async function startScript(script: string, args: string[], env: Record<string, string> = {}, readyText = "ready"): Promise<Child & { line: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const ready = buffered.split("\n").find((l) => l.includes(readyText));
      if (ready) resolve(ready);
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with code ${code} before it was ready`)));
  });
  child.stdout!.resume();
  return { process: child, line, stop: stopper(child) };
}

/** The limit: a bare Node http server in its own process that reads the body and answers 200. */
export async function startBareServer(): Promise<Child & { origin: string }> {
  const child = await startScript("bench/bare-server.ts", []);
  const port = Number(child.line.split(" ").at(-1));
  return { ...child, origin: `http://127.0.0.1:${port}` };
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers by status code (e.g. { "2xx": 1000 }). */
  statuses: Record<string, number>;
  errors: number;
}

/**
 * A closed loop: `connections` clients each send the next request as soon as the previous one is
 * answered, for `seconds`. `request()` builds each request (a fresh signed delivery).
 */
export async function load(options: {
  url: string;
  connections: number;
  seconds: number;
  request: () => { method?: string; headers?: Record<string, string>; body?: string | Buffer };
  /** A fixed offered rate across all connections (requests per second) instead of as fast as possible. */
  overallRate?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.overallRate,
    timeout: 60,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const built = options.request();
          return { ...request, method: built.method ?? "POST", headers: built.headers, body: built.body };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: { "1xx": result["1xx"], "2xx": result["2xx"], "3xx": result["3xx"], "4xx": result["4xx"], "5xx": result["5xx"] },
    errors: result.errors + result.timeouts,
  };
}

/**
 * An open loop at a fixed offered rate: one request every 1/rate s whether or not earlier ones
 * were answered (at most `maxInFlight` open at once; beyond that a send is counted as dropped),
 * as providers send webhooks. autocannon's `overallRate` is not used: it misbehaves when the rate
 * per connection is low.
 */
export async function openLoad(options: {
  url: string;
  rate: number;
  seconds: number;
  request: () => { method?: string; headers?: Record<string, string>; body?: string | Buffer };
  maxInFlight?: number;
}): Promise<LoadResult & { dropped: number }> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxInFlight ?? 512 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  let errors = 0;
  let inFlight = 0;
  let dropped = 0;
  const pending: Promise<void>[] = [];
  const send = () =>
    new Promise<void>((resolve) => {
      const built = options.request();
      const started = performance.now();
      inFlight++;
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: built.method ?? "POST",
          headers: built.headers,
          agent,
          timeout: 60_000,
        },
        (response) => {
          response.resume();
          response.on("end", () => {
            inFlight--;
            latencies.push(performance.now() - started);
            statuses[`${String(response.statusCode ?? 0)[0]}xx`] = (statuses[`${String(response.statusCode ?? 0)[0]}xx`] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on("error", () => {
        inFlight--;
        errors++;
        resolve();
      });
      req.end(built.body);
    });
  const begun = performance.now();
  const total = Math.round(options.rate * options.seconds);
  for (let i = 0; i < total; i++) {
    const due = begun + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= (options.maxInFlight ?? 512)) {
      dropped++;
      continue;
    }
    pending.push(send());
  }
  await Promise.all(pending);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { requests: latencies.length, perSecond: latencies.length / options.seconds, p50: pick(50), p99: pick(99), statuses, errors, dropped };
}

/** Stops everything started, in reverse order, whatever fails. */
export class Cleanup {
  private steps: (() => Promise<unknown>)[] = [];

  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.reverse()) await step().catch((error: unknown) => process.stderr.write(`cleanup: ${(error as Error).message}\n`));
    this.steps = [];
  }
}

/** Runs a benchmark's main, always cleaning up (also on Ctrl-C). */
export async function runBench(main: (cleanup: Cleanup) => Promise<void>): Promise<void> {
  const cleanup = new Cleanup();
  const interrupted = () => void cleanup.run().then(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    await main(cleanup);
  } finally {
    await cleanup.run();
  }
  process.exit(0);
}
