/**
 * bench:peer — the same two workloads on n8n and on Switchyard, in one run.
 *
 * Synchronous: a webhook receives a GitHub-like JSON delivery, a transform builds a ticket from
 * it, and the caller gets the transformed document back in the HTTP answer.
 *   n8n 1.123.81 (installed from npm into bench/peers/n8n, SQLite default, offline): Webhook
 *     (respond with "Respond to Webhook") → Edit Fields (Set) → Respond to Webhook.
 *   Switchyard (npm start's web server): a webhook flow with `sync` (server/triggers README,
 *     "Synchronous flows"): Transform (Pass with Parameters) → Respond (Pass shaping { status, body }).
 *
 * Asynchronous (what most webhooks are): the webhook is acknowledged at once, then the flow
 * transforms the delivery and POSTs it to a local sink (a provider's API).
 *   n8n: Webhook (respond immediately) → Edit Fields (Set) → HTTP Request.
 *   Switchyard: a webhook flow run by a worker (`npm run worker`): Transform → Deliver (http.request).
 *
 * Both record every execution (n8n saves executions by default; Switchyard always does).
 * Executions/s, p50 and p99 at the same number of connections (8 by default: n8n's throughput
 * collapses with more concurrent webhook calls on its SQLite default, see bench/README.md); for the
 * asynchronous workload, acknowledgements/s and executions/s (sink arrivals over the time from the
 * first send to the last arrival) and the latency from sending a delivery to its POST at the sink.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, tokenOf } from "@/server/testing/hooks";
import { freePort } from "@/server/testing/free-port";
import {
  ensureProductionBuild,
  load,
  root,
  runBench,
  startBenchDatabase,
  startProductionServer,
  startWorkerProcess,
  type Child,
  type LoadResult,
} from "./harness";
import { now, startSink, type Sink } from "./sink";
import { machineLine, printTable, summarise } from "./table";

const N8N_VERSION = "1.123.81";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const peerDir = path.join(root, "bench", "peers", "n8n");
const n8nBin = path.join(peerDir, "node_modules", "n8n", "bin", "n8n");
const WORKFLOW_ID = "SwitchyardBench1";
const ASYNC_WORKFLOW_ID = "SwitchyardBench2";

const INSTALL_HELP = `n8n is installed into bench/peers/n8n (git-ignored, ~1.8 GB, a few minutes):
  mkdir -p bench/peers/n8n && cd bench/peers/n8n
  echo '{ "private": true, "dependencies": { "n8n": "${N8N_VERSION}" }, "overrides": { "xlsx": "0.18.5" } }' > package.json
  npm install --no-audit --no-fund`;

function ensureN8n(): void {
  if (existsSync(n8nBin)) return;
  process.stdout.write(`n8n is not installed; installing it now.\n${INSTALL_HELP}\n`);
  mkdirSync(peerDir, { recursive: true });
  writeFileSync(
    path.join(peerDir, "package.json"),
    JSON.stringify({ private: true, dependencies: { n8n: N8N_VERSION }, overrides: { xlsx: "0.18.5" } }, null, 2),
  );
  const installed = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: peerDir, stdio: "inherit" });
  if (installed.status !== 0 || !existsSync(n8nBin))
    throw new Error(`npm install of n8n ${N8N_VERSION} failed (exit ${installed.status}); see the output above.\n${INSTALL_HELP}`);
}

interface ChainSpec {
  id: string;
  name: string;
  /** Distinguishes this workflow's node and webhook ids. */
  tag: string;
  path: string;
  responseMode: "responseNode" | "onReceived";
  assignments: { name: string; value: string; type: "string" | "number" }[];
  last: { name: string; type: string; typeVersion: number; parameters: Record<string, unknown> };
}

/** Webhook → Edit Fields (Set) → one last node: the shape of both benchmarked workflows. */
function webhookChain(spec: ChainSpec) {
  const nodeId = (n: number) => `5f1c7d0e-0000-4000-8000-0000000000${spec.tag}${n}`;
  return {
    id: spec.id,
    name: spec.name,
    active: true,
    nodes: [
      {
        id: nodeId(1),
        name: "Webhook",
        type: "n8n-nodes-base.webhook",
        typeVersion: 2,
        position: [0, 0],
        webhookId: `5f1c7d0e-0000-4000-8000-0000000000${spec.tag}f`,
        parameters: { httpMethod: "POST", path: spec.path, responseMode: spec.responseMode, options: {} },
      },
      {
        id: nodeId(2),
        name: "Transform",
        type: "n8n-nodes-base.set",
        typeVersion: 3.4,
        position: [220, 0],
        parameters: { mode: "manual", assignments: { assignments: spec.assignments.map((a, i) => ({ id: `a${i + 1}`, ...a })) }, options: {} },
      },
      { id: nodeId(3), position: [440, 0], ...spec.last },
    ],
    connections: {
      Webhook: { main: [[{ node: "Transform", type: "main", index: 0 }]] },
      Transform: { main: [[{ node: spec.last.name, type: "main", index: 0 }]] },
    },
    settings: { executionOrder: "v1" },
    pinData: {},
  };
}

const TICKET = "={{ '#' + $json.body.issue.number + ' ' + $json.body.issue.title }}";

/** Webhook → Edit Fields → Respond to Webhook: the same transform as the Switchyard flow. */
const workflow = webhookChain({
  id: WORKFLOW_ID,
  name: "Switchyard bench: webhook → transform → respond",
  tag: "0",
  path: "bench",
  responseMode: "responseNode",
  assignments: [
    { name: "ticket", value: TICKET, type: "string" },
    { name: "action", value: "={{ $json.body.action }}", type: "string" },
    { name: "repository", value: "={{ $json.body.repository.full_name }}", type: "string" },
  ],
  last: { name: "Respond", type: "n8n-nodes-base.respondToWebhook", typeVersion: 1.1, parameters: { respondWith: "firstIncomingItem", options: {} } },
});

/** Webhook (acknowledged at once) → Edit Fields → HTTP Request to the sink. */
const asyncWorkflow = (sinkUrl: string) =>
  webhookChain({
    id: ASYNC_WORKFLOW_ID,
    name: "Switchyard bench: webhook → transform → HTTP request",
    tag: "1",
    path: "bench-async",
    responseMode: "onReceived",
    assignments: [
      { name: "ticket", value: TICKET, type: "string" },
      { name: "sentAt", value: "={{ $json.body.sentAt }}", type: "number" },
    ],
    last: {
      name: "Deliver",
      type: "n8n-nodes-base.httpRequest",
      typeVersion: 4.2,
      parameters: { method: "POST", url: sinkUrl, sendBody: true, specifyBody: "json", jsonBody: "={{ JSON.stringify($json) }}", options: {} },
    },
  });

const asyncManifest = (sinkUrl: string) => `key: bench-peer-async
name: Bench peer (asynchronous)
flows:
  - key: tickets
    trigger: { type: webhook }
    StartAt: Transform
    States:
      Transform:
        Type: Pass
        Parameters:
          "ticket.$": "States.Format('#{} {}', $.body.issue.number, $.body.issue.title)"
          "sentAt.$": $.body.sentAt
        Next: Deliver
      Deliver:
        Type: Action
        Action: http.request
        Parameters: { method: POST, url: "${sinkUrl}", "body.$": $ }
        End: true
`;

const manifest = `key: bench-peer
name: Bench peer
flows:
  - key: tickets
    trigger: { type: webhook, sync: { timeoutMs: 10000 } }
    StartAt: Transform
    States:
      Transform:
        Type: Pass
        Parameters:
          "ticket.$": "States.Format('#{} {}', $.body.issue.number, $.body.issue.title)"
          "action.$": $.body.action
          "repository.$": $.body.repository.full_name
        Next: Respond
      Respond:
        Type: Pass
        Parameters: { status: 200, "body.$": $ }
        End: true
`;

function n8nEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    N8N_USER_FOLDER: path.join(peerDir, "data"),
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: "127.0.0.1",
    N8N_HOST: "127.0.0.1",
    WEBHOOK_URL: `http://127.0.0.1:${port}/`,
    DB_TYPE: "sqlite",
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_TEMPLATES_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_COMMUNITY_PACKAGES_ENABLED: "false",
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: "false",
    N8N_RUNNERS_ENABLED: "false",
    N8N_LOG_LEVEL: "warn",
    EXTERNAL_FRONTEND_HOOKS_URLS: "",
    N8N_SECURE_COOKIE: "false",
  };
}

function n8nCli(args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [n8nBin, ...args], { cwd: peerDir, env, encoding: "utf8", timeout: 300_000 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new Error(`n8n ${args.join(" ")} failed (exit ${result.status}):\n${output.slice(-2000)}`);
  return output;
}

async function startN8n(port: number, sinkUrl: string): Promise<Child & { origin: string }> {
  const env = n8nEnv(port);
  // A fresh SQLite database per run, as Switchyard gets a fresh Postgres database.
  rmSync(path.join(peerDir, "data"), { recursive: true, force: true });
  mkdirSync(path.join(peerDir, "data"), { recursive: true });
  process.stdout.write("  … importing and activating the n8n workflows (n8n CLI)\n");
  for (const [id, definition] of [
    [WORKFLOW_ID, workflow],
    [ASYNC_WORKFLOW_ID, asyncWorkflow(sinkUrl)],
  ] as const) {
    const file = path.join(peerDir, `bench-workflow-${id}.json`);
    writeFileSync(file, JSON.stringify(definition, null, 2));
    n8nCli(["import:workflow", `--input=${file}`], env);
    n8nCli(["update:workflow", `--id=${id}`, "--active=true"], env);
  }
  const child = spawn(process.execPath, [n8nBin, "start"], { cwd: peerDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  child.stderr!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`n8n start exited with code ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`n8n did not become healthy within 180 s:\n${log}`);
    try {
      const probe = await fetch(`${origin}/webhook/bench`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload()),
      });
      if (probe.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { process: child, origin, stop };
}

function payload() {
  const number = Math.floor(Math.random() * 1_000_000);
  return {
    action: "opened",
    sentAt: now(),
    issue: { number, title: `Issue ${number}`, body: "x".repeat(400) },
    repository: { full_name: "octocat/Hello-World" },
  };
}

const request = () => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(payload()) });

/** Closed-loop load on an asynchronous webhook, then waits until the sink got every acknowledged delivery. */
async function asyncRun(url: string, sink: Sink): Promise<Record<string, string | number>> {
  const before = sink.latencies.length;
  const started = now();
  const result = await load({ url, connections: CONNECTIONS, seconds: SECONDS, request });
  const deadline = Date.now() + 300_000;
  while (sink.latencies.length - before < result.statuses["2xx"] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const delivered = sink.latencies.slice(before);
  const latency = summarise(delivered);
  return {
    "acknowledged/s": result.perSecond,
    "ack p99 ms": result.p99,
    "executions done": delivered.length,
    "executions/s": delivered.length / ((sink.lastAt() - started) / 1000),
    "event→sink p50 ms": latency.p50,
    "event→sink p99 ms": latency.p99,
  };
}

function row(name: string, result: LoadResult) {
  return {
    system: name,
    "executions/s": result.perSecond,
    "p50 ms": result.p50,
    "p99 ms": result.p99,
    "2xx": result.statuses["2xx"],
    "non-2xx": result.statuses["4xx"] + result.statuses["5xx"] + result.errors,
  };
}

await runBench(async (cleanup) => {
  process.stdout.write(`bench:peer — ${machineLine()}\n${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, one system at a time\n`);
  ensureN8n();
  await ensureProductionBuild();
  const database = await startBenchDatabase("bench_peer");
  cleanup.add(() => database.stop());
  const sink = await startSink();
  cleanup.add(() => sink.close());
  const sinkUrl = `${sink.origin}/tickets`;
  const { organization } = await createOrganizationWithMember();
  await allowNetworkDestination(organization.id, sink.origin);
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest });
  const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("tickets")!);
  const { instance: asyncInstance } = await deployIntegration({ organizationId: organization.id, manifest: asyncManifest(sinkUrl) });
  const asyncToken = tokenOf((await endpointUrls(organization.id, asyncInstance.id)).get("tickets")!);

  const n8n = await startN8n(await freePort(), sinkUrl);
  cleanup.add(() => n8n.stop());
  const n8nUrl = `${n8n.origin}/webhook/bench`;
  await load({ url: n8nUrl, connections: CONNECTIONS, seconds: WARMUP_SECONDS, request });
  const n8nResult = await load({ url: n8nUrl, connections: CONNECTIONS, seconds: SECONDS, request });
  const n8nAsync = await asyncRun(`${n8n.origin}/webhook/bench-async`, sink);
  await n8n.stop();

  const web = await startProductionServer({
    databaseUrl: database.url,
    env: { WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000", WEBHOOK_RATE_LIMIT_BURST: "1000000" },
  });
  cleanup.add(() => web.stop());
  const url = `${web.origin}/api/hooks/${token}`;
  const sample = await fetch(url, { method: "POST", ...request() });
  process.stdout.write(`  … Switchyard answers ${sample.status} ${await sample.text()}\n`);
  await load({ url, connections: CONNECTIONS, seconds: WARMUP_SECONDS, request });
  const ours = await load({ url, connections: CONNECTIONS, seconds: SECONDS, request });
  const worker = await startWorkerProcess({ databaseUrl: database.url, origin: web.origin });
  cleanup.add(() => worker.stop());
  const oursAsync = await asyncRun(`${web.origin}/api/hooks/${asyncToken}`, sink);

  printTable("webhook → transform → respond (synchronous)", [
    row(`n8n ${N8N_VERSION} (SQLite)`, n8nResult),
    row("Switchyard (npm start's web server, Postgres)", ours),
  ]);
  printTable("webhook → transform → HTTP request to a sink (asynchronous)", [
    { system: `n8n ${N8N_VERSION} (SQLite)`, ...n8nAsync },
    { system: "Switchyard (web server + 1 worker, Postgres)", ...oursAsync },
  ]);
  printTable("Ratios (Switchyard / n8n)", [
    {
      "sync executions/s": ours.perSecond / n8nResult.perSecond,
      "sync p99": ours.p99 / n8nResult.p99,
      "async acknowledged/s": Number(oursAsync["acknowledged/s"]) / Number(n8nAsync["acknowledged/s"]),
      "async executions/s": Number(oursAsync["executions/s"]) / Number(n8nAsync["executions/s"]),
      "async event→sink p99": Number(oursAsync["event→sink p99 ms"]) / Number(n8nAsync["event→sink p99 ms"]),
    },
  ]);
});
