/**
 * Pieces the reliability tests share (kill -9 of web and worker, a database outage): an effect
 * sink that deduplicates by idempotency key as a well-behaved API does, the web and worker in
 * child processes that can be killed and restarted, a sender that retries like a webhook
 * provider. The end-of-run audit is in reliability-audit.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { githubDelivery } from "./hooks";

// ---------------------------------------------------------------------------------------------
// The sink: the external API the flows call.

export interface EffectSink {
  url: string;
  origin: string;
  /** Effects applied, by idempotency key: each key applies once, however often it is sent. */
  applied: Map<string, { body: unknown }>;
  /** Requests that repeated an already applied key (a re-run after a crash), answered without a second effect. */
  replays: number;
  requests: number;
  /** Requests received and not yet answered. */
  inFlight: number;
  /**
   * Requests that arrived while another request of the same execution was still in flight: two
   * runners running one execution at the same time (a flow's steps call the sink one at a time).
   */
  overlaps: string[];
  /**
   * For flows that send `{ group, seq }` in the body of a first step ("charge") and a last step
   * ("notify"), per group: the `seq` of each execution in the order their first steps arrived, the
   * executions whose first step arrived while another execution of the group was between its first
   * and last step, and the most executions of the group under way (between them) at one moment.
   */
  groups: Map<string, { order: unknown[]; overlaps: string[]; maxUnderWay: number }>;
  close(): Promise<void>;
}

/** Tracks executions between their first and last step, per group (see EffectSink.groups). */
function trackGroups(sink: EffectSink) {
  const underWay = new Map<string, string>();
  const seen = new Set<string>();
  return (execution: string, body: { step?: unknown; group?: unknown; seq?: unknown } | null) => {
    if (!body || body.group === undefined) return;
    const group = String(body.group);
    const entry = sink.groups.get(group) ?? { order: [], overlaps: [], maxUnderWay: 0 };
    sink.groups.set(group, entry);
    const others = () => [...underWay].filter(([id, g]) => g === group && id !== execution).map(([id]) => id);
    if (body.step === "charge") {
      if (others().length > 0) entry.overlaps.push(`${execution} began while ${others().join(", ")} ${others().length === 1 ? "was" : "were"} under way`);
      // A step re-run after a crash (same execution) is not a new arrival.
      if (!seen.has(execution)) entry.order.push(body.seq);
      seen.add(execution);
      underWay.set(execution, group);
      entry.maxUnderWay = Math.max(entry.maxUnderWay, others().length + 1);
    } else if (body.step === "notify") {
      underWay.delete(execution);
    }
  };
}

/**
 * Applies an effect per `Idempotency-Key` and answers a repeat with the first answer, without
 * applying it again (as Stripe's API does). A request without a key is refused: every flow step
 * in these tests must send one. A short delay keeps requests in flight long enough for a kill to
 * land in the middle of one.
 */
export async function startEffectSink(options: { delayMs?: number } = {}): Promise<EffectSink> {
  const applied = new Map<string, { body: unknown }>();
  const sink: EffectSink = {
    url: "",
    origin: "",
    applied,
    replays: 0,
    requests: 0,
    inFlight: 0,
    overlaps: [],
    groups: new Map(),
    close: async () => undefined,
  };
  const runningExecutions = new Set<string>();
  const track = trackGroups(sink);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      sink.requests++;
      sink.inFlight++;
      const key = req.headers["idempotency-key"];
      const execution = typeof key === "string" ? key.split(":")[0] : "";
      if (execution && runningExecutions.has(execution)) sink.overlaps.push(key as string);
      if (execution) runningExecutions.add(execution);
      const reply = (status: number, body: unknown) =>
        setTimeout(() => {
          sink.inFlight--;
          runningExecutions.delete(execution);
          res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
        }, options.delayMs ?? 20);
      if (typeof key !== "string" || !key) return reply(400, { error: "an Idempotency-Key header is required" });
      track(execution, JSON.parse(Buffer.concat(chunks).toString() || "null") as Parameters<typeof track>[1]);
      if (applied.has(key)) {
        sink.replays++;
        return reply(200, { key, replayed: true });
      }
      applied.set(key, { body: JSON.parse(Buffer.concat(chunks).toString() || "null") });
      reply(201, { key, replayed: false });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.url = `${sink.origin}/effects`;
  sink.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return sink;
}

/**
 * A webhook flow with two side-effecting steps, each an `http.request` to the sink carrying the
 * step's idempotency key (`<executionId>:<state>:<attempt>`).
 */
export function effectFlowManifest(key: string, secret: string, sinkUrl: string): string {
  const effect = (step: string, next: string) =>
    `{ Type: Action, Action: http.request, Parameters: { method: POST, url: "${sinkUrl}", idempotencyKey: true, body: { step: ${step}, "issue.$": "$.body.issue.number" } }, ResultPath: null, Next: ${next} }`;
  return `key: ${key}
name: Effects
flows:
  - key: issues
    trigger: { type: webhook, verify: { preset: github, secret: ${secret} } }
    StartAt: Charge
    States:
      Charge: ${effect("charge", "Notify")}
      Notify: ${effect("notify", "Done")}
      Done: { Type: Succeed }
`;
}

export const EFFECT_STATES = ["Charge", "Notify"] as const;

// ---------------------------------------------------------------------------------------------
// Web and worker as child processes.

/** A child process the test can kill -9 and start again; exits it did not cause are counted. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private killing = false;
  port = 0;
  unexpectedExits: string[] = [];
  starts = 0;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string> = {},
  ) {}

  start(): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", ...this.args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, LOG_LEVEL: process.env.RELIABILITY_LOG_LEVEL ?? "silent", ...this.env },
    });
    this.child = child;
    this.starts++;
    return new Promise((resolve, reject) => {
      child.stdout!.on("data", (chunk) => {
        const text = String(chunk);
        if (process.env.RELIABILITY_LOG_LEVEL) process.stderr.write(text);
        const port = /ready (\d+)/.exec(text);
        if (port) this.port = Number(port[1]);
        if (text.includes("ready")) resolve();
      });
      child.once("exit", (code, signal) => {
        if (!(this.killing && child === this.child)) this.unexpectedExits.push(`${this.name} exited (${code ?? signal})`);
        reject(new Error(`${this.name} exited before it was ready (${code ?? signal})`));
      });
    });
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9, then wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.killing = true;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.killing = false;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

export function ingestProcess(databaseUrl: string): ServiceProcess {
  // The point is crash and outage behaviour, not the per-endpoint rate limit.
  return new ServiceProcess("web", ["server/testing/ingest-process.ts", databaseUrl], {
    WEBHOOK_RATE_LIMIT_BURST: "100000",
    WEBHOOK_RATE_LIMIT_PER_SECOND: "100000",
  });
}

export function workerProcess(databaseUrl: string, leaseMs: number, concurrency = 4): ServiceProcess {
  return new ServiceProcess("worker", ["server/testing/worker-process.ts", databaseUrl, "connectors", String(leaseMs), String(concurrency)]);
}

// ---------------------------------------------------------------------------------------------
// The provider: signed deliveries, retried until answered 2xx.

export interface ProviderAnswer {
  status: number | null;
  retryAfter: string | null;
  body: string;
}

export interface ProviderRun {
  /** Deliveries answered 2xx in the end. */
  acknowledged: Set<string>;
  /** Every HTTP attempt (network failures have status null). */
  attempts: number;
  answers: Map<string, number>;
  /** Every answer of 500 or more, for the tests to inspect. */
  serverErrors: ProviderAnswer[];
}

interface SendOptions {
  secret: string;
  url: (n: number) => string;
  maxWaitMs?: number;
  giveUpMs?: number;
  onAcknowledged?: (acknowledged: number) => void | Promise<void>;
}

/** Sends delivery `n` and retries it, with the same delivery id, until it is answered 2xx (or `giveUpMs` passes). */
function providerDelivery(options: SendOptions, run: ProviderRun): (n: number) => Promise<void> {
  const maxWait = options.maxWaitMs ?? 1000;
  const count = (key: string) => run.answers.set(key, (run.answers.get(key) ?? 0) + 1);
  return async (n) => {
    const delivery = githubDelivery(options.secret, { action: "opened", issue: { number: n } }, { deliveryId: `delivery-${n}` });
    const deadline = Date.now() + (options.giveUpMs ?? 120_000);
    for (let backoff = 50; Date.now() < deadline; backoff = Math.min(backoff * 2, maxWait)) {
      run.attempts++;
      let answer: ProviderAnswer;
      try {
        const response = await fetch(options.url(n), { method: "POST", headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(30_000) });
        answer = { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text() };
      } catch {
        answer = { status: null, retryAfter: null, body: "" };
      }
      count(answer.status === null ? "network error" : String(answer.status));
      if (answer.status !== null && answer.status < 300) {
        run.acknowledged.add(delivery.deliveryId);
        await options.onAcknowledged?.(run.acknowledged.size);
        return;
      }
      if (answer.status !== null && answer.status >= 500) run.serverErrors.push(answer);
      if (answer.status !== null && answer.status < 500 && answer.status !== 429)
        throw new Error(`delivery ${delivery.deliveryId} refused with ${answer.status}: ${answer.body}`);
      const wait = answer.retryAfter ? Math.min(Number(answer.retryAfter) * 1000, maxWait) : backoff;
      await new Promise((r) => setTimeout(r, wait));
    }
  };
}

function emptyRun(): ProviderRun {
  return { acknowledged: new Set(), attempts: 0, answers: new Map(), serverErrors: [] };
}

/**
 * Sends GitHub-signed deliveries with bounded concurrency and retries each one, with the same
 * delivery id, until it is answered 2xx or `giveUpMs` passes: a network failure or 5xx/429 waits
 * (Retry-After, capped at `maxWaitMs` to keep the test short; otherwise a doubling backoff) and
 * sends again, as GitHub's redelivery would.
 */
export async function sendLikeProvider(options: Omit<SendOptions, "url"> & { count: number; url: () => string; concurrency: number }): Promise<ProviderRun> {
  const run = emptyRun();
  const deliverOne = providerDelivery({ ...options, url: () => options.url() }, run);
  let next = 0;
  const lane = async () => {
    while (next < options.count) await deliverOne(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return run;
}

/**
 * Offers deliveries at a steady `rate` per second for `seconds`, whether or not earlier ones were
 * answered (an open loop, as a busy provider sends), each retried like `sendLikeProvider`'s.
 */
export async function sendAtRate(options: SendOptions & { rate: number; seconds: number }): Promise<ProviderRun> {
  const run = emptyRun();
  const deliverOne = providerDelivery(options, run);
  const total = Math.round(options.rate * options.seconds);
  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const wait = started + (n * 1000) / options.rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sent.push(deliverOne(n));
  }
  await Promise.all(sent);
  return run;
}
