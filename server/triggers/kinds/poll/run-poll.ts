/**
 * One poll of one flow (the `triggers:poll` job): ask the connector's poller what changed since the
 * saved cursor, follow its pages, and commit the new items' executions with the advanced cursor
 * every `CHUNK` items (commit-poll.ts). A poll that lost a race to another worker stops without
 * writing; a failing poll keeps its cursor and is retried at the next due time.
 */
import { createConnectorContext } from "@/server/connectors/framework/context";
import type { PolledItem } from "@/server/connectors/framework/define-connector";
import { parsePollerParams, runPollerPage } from "@/server/connectors/framework/run-member";
import type { PollJobPayload } from "@/server/jobs/job-catalog";
import type { HttpClientOptions } from "@/server/connectors/http/http-client";
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import { resolveTemplate } from "@/server/engine/payload-template";
import type { Logger } from "@/server/logger";
import { resolveInstanceConnection } from "@/server/modules/connections/resolve-connection";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { instanceRunContext } from "@/server/modules/instances/instances.service";
import { networkAllowList } from "@/server/modules/organizations/organizations.repo";
import { ensurePollState, withPollState, type PollState } from "./poll-state.repo";
import { advanceBoundary, commitChunk, type PollTarget } from "./commit-poll";
import { pollFlowsOf } from "./poll-tick";

/** Items per transaction: a backlog is saved as it is read, not all at the end. */
const CHUNK = 200;
/** Pages per poll: a poller that never ends its answer cannot hold a worker forever; the rest waits for the next poll. */
const MAX_PAGES = 100;
/** A whole poll (all its pages) may take this long. */
const POLL_TIMEOUT_MS = 5 * 60_000;

export interface PollEnvironment {
  log: Logger;
  /** Destinations every organization may reach: the app's own origin when the sandbox is on. */
  alwaysAllow: string[];
  registry?: ConnectorRegistry;
  http?: Pick<HttpClientOptions, "fetch" | "sleep" | "lookup" | "timeoutMs" | "retry">;
}

/** The `triggers:poll` job's payload (server/jobs/job-catalog.ts). */
export type PollJob = PollJobPayload;

export type PollOutcome =
  | { status: "polled"; executionIds: string[]; items: number; repeats: number }
  | { status: "skipped"; reason: string }
  | { status: "superseded" }
  | { status: "failed"; error: string };

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runPoll(job: PollJob, env: PollEnvironment): Promise<PollOutcome> {
  const instance = await findInstance(job.organizationId, job.instanceId);
  if (instance?.status !== "active") return { status: "skipped", reason: "the instance is not active" };
  const run = await instanceRunContext(job.organizationId, job.instanceId);
  const flow = pollFlowsOf(run.manifest).find((f) => f.key === job.flowKey);
  if (!flow) return { status: "skipped", reason: `the instance's version has no poll flow "${job.flowKey}"` };
  const trigger = flow.trigger;
  const dueAt = new Date(job.dueAt);

  const state = await ensurePollState(job.instanceId, job.flowKey, instance.deployedAt ?? new Date());
  if (state.lastDueAt && Date.parse(state.lastDueAt) >= dueAt.getTime()) return { status: "skipped", reason: "already polled for this time" };

  const target: PollTarget = {
    organizationId: job.organizationId,
    instanceId: job.instanceId,
    flowKey: job.flowKey,
    run: { customerId: instance.customerId, integrationVersionId: instance.integrationVersionId },
    flow,
    poller: `${trigger.connector}.${trigger.poller}`,
    batch: trigger.batch,
  };
  const log = env.log.child({ instanceId: job.instanceId, flowKey: job.flowKey, poller: target.poller });
  const finished = (from: Omit<PollState, "version">, error: string | null): Omit<PollState, "version"> => ({
    ...from,
    lastDueAt: job.dueAt,
    lastPolledAt: new Date().toISOString(),
    lastError: error,
  });

  let version = state.version;
  const outcome = { executionIds: [] as string[], items: 0, repeats: 0 };
  try {
    const connector = (env.registry ?? connectorRegistry).get(trigger.connector);
    if (!connector) throw new Error(`unknown connector "${trigger.connector}"`);
    const resolvedParams = resolveTemplate(trigger.params, {}, paramsContext(run.config, job), { random: Math.random }, "params");
    const parsed = parsePollerParams(connector, trigger.poller, resolvedParams);
    if ("problem" in parsed) throw new Error(parsed.problem);
    const connection = trigger.connection
      ? { ...(await resolveInstanceConnection(job.organizationId, job.instanceId, trigger.connection)), key: trigger.connection }
      : null;
    const ctx = createConnectorContext(connector, connection, {
      network: { allow: [...env.alwaysAllow, ...(await networkAllowList(job.organizationId))] },
      onRecord: () => {},
      state: instanceStateStore(job.instanceId),
      log,
      signal: AbortSignal.timeout(POLL_TIMEOUT_MS),
      http: env.http,
    });

    // Every page of this poll is asked relative to the cursor it started from; page tokens carry the rest.
    const startCursor = state.cursor;
    const seen = new Set(state.boundary?.ids ?? []);
    let chunk: PolledItem[] = [];
    let chunkEnd: Omit<PollState, "version"> = state;
    let page: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const answer = await runPollerPage(connector, trigger.poller, ctx, {
        params: parsed.params,
        cursor: startCursor,
        page,
        startAt: new Date(state.startedAt),
      });
      const fresh = answer.items.filter((item) => !seen.has(item.id));
      for (const item of fresh) seen.add(item.id);
      chunk.push(...fresh);
      chunkEnd = { ...chunkEnd, cursor: answer.cursor ?? chunkEnd.cursor, boundary: advanceBoundary(chunkEnd.boundary, answer.items) };
      page = answer.nextPage ?? null;
      const last = page === null || pages === MAX_PAGES - 1;
      if (chunk.length < CHUNK && !last) continue;
      const next = last ? finished(chunkEnd, null) : chunkEnd;
      const committed = await commitChunk(target, version, { items: chunk, next });
      if (committed === null) {
        log.info("another worker polled this flow first; its results stand");
        return { status: "superseded" };
      }
      version += 1;
      outcome.executionIds.push(...committed.executionIds);
      outcome.items += chunk.length;
      outcome.repeats += committed.repeats;
      chunk = [];
      if (last) break;
    }
    if (outcome.executionIds.length) log.debug({ executions: outcome.executionIds.length }, "poll started executions");
    return { status: "polled", ...outcome };
  } catch (error) {
    const message = errorMessage(error);
    log.warn({ err: message }, "poll failed; the cursor stays and the next due time tries again");
    // Items committed before the failure stay committed; only the due time and the reason are added.
    await withPollState(job.instanceId, job.flowKey, version, async (_tx, saved) => ({ next: finished(saved, message.slice(0, 1000)), result: null }));
    return { status: "failed", error: message };
  }
}

/** `$$.Config` (secrets included, as flows see them) and `$$.Instance` for `.$` params. */
function paramsContext(config: Record<string, unknown>, job: PollJob) {
  return {
    Execution: { Id: "", Input: {}, StartTime: job.dueAt, Name: job.flowKey },
    State: { Name: "poll", EnteredTime: job.dueAt, RetryCount: 0 },
    Config: config,
    Trigger: { Type: "poll", DueAt: job.dueAt },
    Customer: null,
    Instance: { Id: job.instanceId, Flow: job.flowKey },
  };
}
