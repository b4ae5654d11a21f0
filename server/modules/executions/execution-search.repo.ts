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
