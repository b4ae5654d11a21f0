/**
 * Execution search for support and the API. Text search is `ILIKE` over input, output and error
 * cast to text: a sequential scan within the organization's other filters, fine at the sizes a
 * single Postgres holds; a trigram index (pg_trgm) is the next step when it is not.
 */
import { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";

export interface ExecutionSearch {
  status?: ExecutionStatus;
  integrationId?: string;
  customerId?: string;
  instanceId?: string;
  flowKey?: string;
  from?: Date;
  to?: Date;
  text?: string;
  before?: { at: Date; id: string };
  take: number;
}

export interface ExecutionListRow {
  id: string;
  status: ExecutionStatus;
  flow_key: string;
  trigger: string;
  instance_id: string;
  replay_of_id: string | null;
  error: unknown;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  customer_id: string;
  customer_external_id: string;
  customer_name: string;
  integration_id: string;
  integration_key: string;
  integration_name: string;
  version: number;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function conditions(organizationId: string, search: ExecutionSearch): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`e.organization_id = ${organizationId}::uuid`];
  if (search.status) parts.push(Prisma.sql`e.status = ${search.status}::"ExecutionStatus"`);
  if (search.integrationId) parts.push(Prisma.sql`v.integration_id = ${search.integrationId}::uuid`);
  if (search.customerId) parts.push(Prisma.sql`e.customer_id = ${search.customerId}::uuid`);
  if (search.instanceId) parts.push(Prisma.sql`e.instance_id = ${search.instanceId}::uuid`);
  if (search.flowKey) parts.push(Prisma.sql`e.flow_key = ${search.flowKey}`);
  if (search.from) parts.push(Prisma.sql`e.created_at >= ${search.from}`);
  if (search.to) parts.push(Prisma.sql`e.created_at < ${search.to}`);
  if (search.text) {
    const pattern = likePattern(search.text);
    parts.push(Prisma.sql`(e.input::text ILIKE ${pattern} OR e.output::text ILIKE ${pattern} OR e.error::text ILIKE ${pattern})`);
  }
  if (search.before) {
    parts.push(Prisma.sql`(e.created_at < ${search.before.at} OR (e.created_at = ${search.before.at} AND e.id < ${search.before.id}::uuid))`);
  }
  return Prisma.join(parts, " AND ");
}

export function searchExecutions(organizationId: string, search: ExecutionSearch) {
  return db().$queryRaw<ExecutionListRow[]>`
    SELECT e.id, e.status, e.flow_key, e.trigger, e.instance_id, e.replay_of_id, e.error, e.created_at, e.started_at, e.finished_at,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name,
           i.id AS integration_id, i.key AS integration_key, i.name AS integration_name, v.version
      FROM execution e
      JOIN integration_version v ON v.id = e.integration_version_id
      JOIN integration i ON i.id = v.integration_id
      JOIN customer c ON c.id = e.customer_id
     WHERE ${conditions(organizationId, search)}
     ORDER BY e.created_at DESC, e.id DESC
     LIMIT ${search.take}`;
}

export interface SupportListRow extends ExecutionListRow {
  input: unknown;
  event_type: string | null;
  /** The first states the run went through, in order (at most 30), how many steps it ran, and the last one. */
  states: string[] | null;
  step_count: number;
  last_state: string | null;
  last_status: string | null;
}

/**
 * The list support reads: the same rows as `searchExecutions`, with what each run did (its states,
 * its last state and that step's status) and what started it (the input of webhook, schedule and
 * poll runs, whose trigger summary is read from it; the event type of events between flows).
 */
export function searchExecutionsForSupport(organizationId: string, search: ExecutionSearch) {
  return db().$queryRaw<SupportListRow[]>`
    SELECT e.id, e.status, e.flow_key, e.trigger, e.instance_id, e.replay_of_id, e.error, e.created_at, e.started_at, e.finished_at,
           CASE WHEN e.trigger IN ('webhook', 'schedule', 'poll') THEN e.input END AS input,
           ev.event_type,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name,
           i.id AS integration_id, i.key AS integration_key, i.name AS integration_name, v.version,
           run.states, COALESCE(run.step_count, 0)::int AS step_count, run.last_state, run.last_status
      FROM execution e
      JOIN integration_version v ON v.id = e.integration_version_id
      JOIN integration i ON i.id = v.integration_id
      JOIN customer c ON c.id = e.customer_id
      LEFT JOIN event ev ON ev.id = e.event_id AND e.trigger = 'event'
      LEFT JOIN LATERAL (
        SELECT (array_agg(s.state_name ORDER BY s.sequence))[1:30] AS states,
               count(*) AS step_count,
               (array_agg(s.state_name ORDER BY s.sequence DESC))[1] AS last_state,
               (array_agg(s.status ORDER BY s.sequence DESC))[1] AS last_status
          FROM step_run s
         WHERE s.execution_id = e.id AND s.organization_id = e.organization_id
      ) run ON true
     WHERE ${conditions(organizationId, search)}
     ORDER BY e.created_at DESC, e.id DESC
     LIMIT ${search.take}`;
}

/** The pinned flow of one execution and the states its steps went through, for its flow graph. */
export async function findExecutionFlow(organizationId: string, id: string) {
  const execution = await db().execution.findFirst({
    where: { organizationId, id },
    select: {
      flowKey: true,
      integrationVersionId: true,
      stepRuns: { where: { organizationId }, orderBy: { sequence: "asc" }, select: { stateName: true, status: true } },
    },
  });
  if (!execution) return null;
  const version = await db().integrationVersion.findFirst({ where: { organizationId, id: execution.integrationVersionId }, select: { manifest: true } });
  return { flowKey: execution.flowKey, manifest: version?.manifest ?? null, steps: execution.stepRuns };
}

/** One execution with the same joined fields as the list. */
export async function findExecutionRow(organizationId: string, id: string) {
  const rows = await db().$queryRaw<(ExecutionListRow & { input: unknown; output: unknown })[]>`
    SELECT e.id, e.status, e.flow_key, e.trigger, e.instance_id, e.replay_of_id, e.error, e.created_at, e.started_at, e.finished_at,
           e.input, e.output,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name,
           i.id AS integration_id, i.key AS integration_key, i.name AS integration_name, v.version
      FROM execution e
      JOIN integration_version v ON v.id = e.integration_version_id
      JOIN integration i ON i.id = v.integration_id
      JOIN customer c ON c.id = e.customer_id
     WHERE e.organization_id = ${organizationId}::uuid AND e.id = ${id}::uuid`;
  return rows[0] ?? null;
}

/** Replays of an execution, so the detail page can link to them. */
export function listReplays(organizationId: string, executionId: string) {
  return db().execution.findMany({
    where: { organizationId, replayOfId: executionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, createdAt: true },
  });
}
