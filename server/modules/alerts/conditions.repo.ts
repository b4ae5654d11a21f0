/**
 * What each alert condition finds right now, read from rows the product already writes (failed
 * executions, instance and connection statuses, rejected deliveries) through partial indexes that
 * hold only those rows (migration 20261207140000_alerts_connection_health). Nothing here runs on
 * the ingest or execution paths: the worker's evaluation calls it once a minute per rule.
 */
import { db } from "@/server/db/client";
import type { AlertCondition } from "./alerts.schema";

export interface RuleScope {
  organizationId: string;
  condition: AlertCondition;
  integrationId: string | null;
  threshold: number;
  windowMinutes: number;
}

/** One subject the condition holds for: what its incident is about and says. */
export interface FiringSubject {
  key: string;
  title: string;
  summary: string;
  occurrences: number;
  subject: { instanceId?: string; customerId?: string; integrationId?: string; connectionId?: string; executionId?: string };
}

interface InstanceLabel {
  instance_id: string;
  customer_id: string;
  customer_name: string;
  integration_id: string;
  integration_name: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function within(minutes: number): string {
  return minutes % 60 === 0 ? plural(minutes / 60, "hour") : plural(minutes, "minute");
}

async function failedExecutions(scope: RuleScope) {
  return db().$queryRaw<Array<InstanceLabel & { failures: number; last_execution_id: string; last_flow_key: string; last_error: unknown }>>`
    SELECT x.instance_id::text, i.customer_id::text, c.name AS customer_name, i.integration_id::text, g.name AS integration_name,
           count(*)::int AS failures,
           (array_agg(x.id::text ORDER BY x.finished_at DESC))[1] AS last_execution_id,
           (array_agg(x.flow_key ORDER BY x.finished_at DESC))[1] AS last_flow_key,
           (array_agg(x.error ORDER BY x.finished_at DESC))[1] AS last_error
      FROM execution x
      JOIN instance i ON i.id = x.instance_id AND i.organization_id = x.organization_id
      JOIN customer c ON c.id = i.customer_id
      JOIN integration g ON g.id = i.integration_id
     WHERE x.organization_id = ${scope.organizationId}::uuid AND x.status = 'failed'
       AND x.finished_at > now() - make_interval(mins => ${scope.windowMinutes}::int)
       AND (${scope.integrationId}::uuid IS NULL OR i.integration_id = ${scope.integrationId}::uuid)
     GROUP BY x.instance_id, i.customer_id, c.name, i.integration_id, g.name`;
}

function errorText(error: unknown): string {
  const e = error as { Error?: string; Cause?: string } | null;
  if (!e) return "no error recorded";
  return [e.Error, e.Cause].filter(Boolean).join(": ").slice(0, 300);
}

async function executionFailed(scope: RuleScope): Promise<FiringSubject[]> {
  const rows = await failedExecutions(scope);
  return rows.map((row) => ({
    key: `instance:${row.instance_id}`,
    title: `Executions failing: ${row.integration_name} for ${row.customer_name}`,
    summary: `${plural(row.failures, "failed execution")} in the last ${within(scope.windowMinutes)}; the latest (flow ${row.last_flow_key}): ${errorText(row.last_error)}`,
    occurrences: row.failures,
    subject: { instanceId: row.instance_id, customerId: row.customer_id, integrationId: row.integration_id, executionId: row.last_execution_id },
  }));
}

async function failureCount(scope: RuleScope, integrationName: string | null): Promise<FiringSubject[]> {
  const rows = await failedExecutions(scope);
  const total = rows.reduce((sum, row) => sum + row.failures, 0);
  if (total < scope.threshold) return [];
  const worst = [...rows].sort((a, b) => b.failures - a.failures).slice(0, 3);
  const where = integrationName ? integrationName : "all integrations";
  return [
    {
      key: "all",
      title: `${plural(total, "failed execution")} in ${within(scope.windowMinutes)} (${where})`,
      summary: `At least ${scope.threshold} executions failed within ${within(scope.windowMinutes)}. Most failures: ${worst.map((row) => `${row.customer_name} / ${row.integration_name} (${row.failures})`).join(", ")}.`,
      occurrences: total,
      subject: scope.integrationId ? { integrationId: scope.integrationId } : {},
    },
  ];
}

async function deployFailed(scope: RuleScope): Promise<FiringSubject[]> {
  const rows = await db().$queryRaw<Array<InstanceLabel & { status_reason: string | null }>>`
    SELECT i.id::text AS instance_id, i.customer_id::text, c.name AS customer_name, i.integration_id::text, g.name AS integration_name, i.status_reason
      FROM instance i JOIN customer c ON c.id = i.customer_id JOIN integration g ON g.id = i.integration_id
     WHERE i.organization_id = ${scope.organizationId}::uuid AND i.status = 'failed'
       AND (${scope.integrationId}::uuid IS NULL OR i.integration_id = ${scope.integrationId}::uuid)`;
  return rows.map((row) => ({
    key: `instance:${row.instance_id}`,
    title: `Deploy failed: ${row.integration_name} for ${row.customer_name}`,
    summary: row.status_reason ?? "A deploy flow failed.",
    occurrences: 1,
    subject: { instanceId: row.instance_id, customerId: row.customer_id, integrationId: row.integration_id },
  }));
}

async function connectionNeedsReconnect(scope: RuleScope): Promise<FiringSubject[]> {
  const rows = await db().$queryRaw<
    Array<{
      connection_id: string;
      key: string;
      connector: string;
      status_reason: string | null;
      customer_id: string;
      customer_name: string;
      instance_id: string | null;
      integration_id: string | null;
      integration_name: string | null;
    }>
  >`
    SELECT n.id::text AS connection_id, n.key, n.connector, n.status_reason, n.customer_id::text, c.name AS customer_name,
           n.instance_id::text, i.integration_id::text, g.name AS integration_name
      FROM connection n
      JOIN customer c ON c.id = n.customer_id
      LEFT JOIN instance i ON i.id = n.instance_id
      LEFT JOIN integration g ON g.id = i.integration_id
     WHERE n.organization_id = ${scope.organizationId}::uuid AND n.status = 'broken'
       AND (${scope.integrationId}::uuid IS NULL OR i.integration_id = ${scope.integrationId}::uuid)`;
  return rows.map((row) => ({
    key: `connection:${row.connection_id}`,
    title: `Needs reconnecting: ${row.customer_name}'s ${row.key} connection${row.integration_name ? ` (${row.integration_name})` : ""}`,
    summary: row.status_reason ?? "The provider refused the connection's credentials.",
    occurrences: 1,
    subject: {
      connectionId: row.connection_id,
      customerId: row.customer_id,
      ...(row.instance_id ? { instanceId: row.instance_id } : {}),
      ...(row.integration_id ? { integrationId: row.integration_id } : {}),
    },
  }));
}

async function rejectedDeliveriesSpike(scope: RuleScope): Promise<FiringSubject[]> {
  const rows = await db().$queryRaw<Array<InstanceLabel & { rejected: number; last_reason: string | null }>>`
    SELECT e.instance_id::text, i.customer_id::text, c.name AS customer_name, i.integration_id::text, g.name AS integration_name,
           count(*)::int AS rejected, (array_agg(e.reason ORDER BY e.received_at DESC))[1] AS last_reason
      FROM event e
      JOIN instance i ON i.id = e.instance_id AND i.organization_id = e.organization_id
      JOIN customer c ON c.id = i.customer_id
      JOIN integration g ON g.id = i.integration_id
     WHERE e.organization_id = ${scope.organizationId}::uuid AND e.verdict = 'rejected'
       AND e.received_at > now() - make_interval(mins => ${scope.windowMinutes}::int)
       AND (${scope.integrationId}::uuid IS NULL OR i.integration_id = ${scope.integrationId}::uuid)
     GROUP BY e.instance_id, i.customer_id, c.name, i.integration_id, g.name
    HAVING count(*) >= ${scope.threshold}::int`;
  return rows.map((row) => ({
    key: `instance:${row.instance_id}`,
    title: `Rejected webhook deliveries: ${row.integration_name} for ${row.customer_name}`,
    summary: `${row.rejected} ${row.rejected === 1 ? "delivery" : "deliveries"} refused by verification in the last ${within(scope.windowMinutes)}; the latest: ${row.last_reason ?? "no reason recorded"}`,
    occurrences: row.rejected,
    subject: { instanceId: row.instance_id, customerId: row.customer_id, integrationId: row.integration_id },
  }));
}

/** The subjects the rule's condition holds for now. */
export function firingSubjects(scope: RuleScope, integrationName: string | null): Promise<FiringSubject[]> {
  switch (scope.condition) {
    case "execution_failed":
      return executionFailed(scope);
    case "failure_count":
      return failureCount(scope, integrationName);
    case "deploy_failed":
      return deployFailed(scope);
    case "connection_needs_reconnect":
      return connectionNeedsReconnect(scope);
    case "rejected_deliveries_spike":
      return rejectedDeliveriesSpike(scope);
  }
}
