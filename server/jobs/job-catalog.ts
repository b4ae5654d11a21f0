/**
 * Every graphile-worker task Switchyard queues or runs: its name, what its payload holds (a zod
 * schema, so the worker hands its task a parsed, typed payload), and the rules producers queue it
 * by (attempts, job key, queue, recurrence). Producers use these names and rules, also in SQL
 * (as bound parameters); the worker (server/worker/tasks.ts) registers one task per entry.
 *
 * Imports nothing of ours: repositories, the runtime and the worker all read it.
 */
import { z } from "zod";

export type PayloadCheck<Payload> = { ok: true; payload: Payload } | { ok: false; problem: string };

export interface JobDefinition<Payload = unknown> {
  name: string;
  schema: z.ZodType;
  /** Checks a payload as the worker receives it; says which field is wrong when it is. */
  check: (payload: unknown) => PayloadCheck<Payload>;
  /** Attempts before graphile-worker gives up; graphile-worker's default (25) when absent. */
  maxAttempts?: number;
  /** Queued by graphile-worker's crontab: the pattern, and how far back the flow runner route backfills. */
  recurring?: { pattern: string; fill: string };
}

/** The first problem zod found, as "field: message". */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join(".") : "(payload)";
  return `${field}: ${issue.message}`;
}

function defineJob<Schema extends z.ZodType>(
  name: string,
  schema: Schema,
  rules: Omit<JobDefinition, "name" | "schema" | "check"> = {},
): JobDefinition<z.output<Schema>> {
  return {
    name,
    schema,
    check(payload) {
      const parsed = schema.safeParse(payload);
      return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, problem: firstProblem(parsed.error) };
    },
    ...rules,
  };
}

const id = z.string().min(1);
const instancePayload = z.object({ organizationId: id, instanceId: id });
/** What graphile-worker's crontab puts in a recurring job (`_cron`); a job queued by hand may carry nothing. */
const cronPayload = z.object({ _cron: z.object({ ts: z.string(), backfilled: z.boolean().optional() }).optional() }).nullish();

/**
 * An execution to run, and for one that has yet to start in a throttled or fifo flow its queue, so
 * the runner takes its turn under the queue's lock (server/runtime/concurrency.repo.ts).
 */
const runJobPayload = z.object({ executionId: id, concurrencyKey: z.string().optional() });
export type RunJobPayload = z.output<typeof runJobPayload>;

/**
 * The run job is checked thousands of times a second: a hand-written guard over its two fields
 * says the same as its schema without zod's cost.
 */
function checkRunJob(payload: unknown): PayloadCheck<RunJobPayload> {
  if (typeof payload !== "object" || payload === null) return { ok: false, problem: "(payload): expected an object" };
  const { executionId, concurrencyKey } = payload as Record<string, unknown>;
  if (typeof executionId !== "string" || executionId.length === 0) return { ok: false, problem: "executionId: expected a non-empty string" };
  if (concurrencyKey !== undefined && typeof concurrencyKey !== "string") return { ok: false, problem: "concurrencyKey: expected a string" };
  return { ok: true, payload: payload as RunJobPayload };
}

/** One poll of a flow for a due time (server/triggers/kinds/poll). */
const pollJobPayload = instancePayload.extend({ flowKey: id, dueAt: z.iso.datetime({ offset: true }) });
export type PollJobPayload = z.output<typeof pollJobPayload>;

export const JOBS = {
  /** One pending job per execution (job key `exec:<id>`), so a wake-up and a resume never run it twice at once. */
  runExecution: { name: "execution:run", schema: runJobPayload, check: checkRunJob, maxAttempts: 25 } satisfies JobDefinition<RunJobPayload>,
  /** A lifecycle flow finished: its instance moves on (active, failed, deleted). One per finished flow, no job key. */
  settleLifecycle: defineJob("instances:settle-lifecycle", instancePayload, { maxAttempts: 10 }),
  /** An accepted event for the instance's executions parked on WaitForEvent. */
  deliverToWaiters: defineJob("events:deliver-to-waiters", instancePayload.extend({ eventId: id }), { maxAttempts: 5 }),
  /**
   * One poll of a flow for a due time. Job key and queue `poll:<instance>:<flow>`: at most one
   * waiting poll per flow, and a flow's polls run one at a time.
   */
  poll: defineJob("triggers:poll", pollJobPayload, { maxAttempts: 1 }),
  /** Sends one incident notification; a failed send is retried with exponential backoff (about 2 s, 7 s, 20 s, … up to an hour apart). */
  notify: defineJob("alerts:notify", z.object({ organizationId: id, notificationId: id }), { maxAttempts: 10 }),
  /** The sign-in rate limiter only looks back minutes; a day of history is plenty for audits. */
  pruneLoginAttempts: defineJob("auth:prune-login-attempts", cronPayload, { recurring: { pattern: "0 * * * *", fill: "1h" } }),
  /** Schedules due now, and poll jobs for polls due now (the trigger kinds' tick). */
  scheduleTick: defineJob("triggers:schedule-tick", cronPayload, { recurring: { pattern: "* * * * *", fill: "2m" } }),
  /** Every 10 minutes: a run is bounded (batches per organization), so a backlog drains over runs. */
  retention: defineJob("retention:delete-expired", cronPayload, { recurring: { pattern: "*/10 * * * *", fill: "20m" } }),
  alertsEvaluate: defineJob("alerts:evaluate", cronPayload, { recurring: { pattern: "* * * * *", fill: "2m" } }),
  /** Connectors' cheap "who am I" calls, about once an hour per active connection, in batches. */
  healthCheck: defineJob("connections:health-check", cronPayload, { recurring: { pattern: "*/10 * * * *", fill: "20m" } }),
} as const;
