/**
 * The worker's evaluation (task `alerts:evaluate`, every minute): for each enabled rule, the
 * subjects its condition holds for now open an incident (one notification per channel), keep an
 * open one up to date, or — when a subject of an open incident no longer appears — resolve it.
 * It reads only what the product already writes, so executions and deliveries pay nothing for it.
 */
import { logger } from "@/server/logger";
import { findChannels, integrationNames } from "./alerts.repo";
import type { AlertCondition } from "./alerts.schema";
import { firingSubjects } from "./conditions.repo";
import { enabledRules, openIncident, openIncidentsOf, organizationsWithRules, resolveIncident, touchIncident } from "./incidents.repo";

export interface EvaluationReport {
  opened: string[];
  resolved: string[];
  ongoing: number;
}

/** Channels told that an incident resolved: machines that track state; people got their one message. */
const RESOLUTION_KINDS = new Set(["webhook"]);

export async function evaluateOrganizationAlerts(
  organizationId: string,
  report: EvaluationReport = { opened: [], resolved: [], ongoing: 0 },
): Promise<EvaluationReport> {
  const rules = await enabledRules(organizationId);
  const names = await integrationNames(
    organizationId,
    rules.flatMap((rule) => (rule.integrationId ? [rule.integrationId] : [])),
  );
  for (const rule of rules) {
    const scope = {
      organizationId,
      condition: rule.condition as AlertCondition,
      integrationId: rule.integrationId,
      threshold: rule.threshold,
      windowMinutes: rule.windowMinutes,
    };
    const [firing, open, channels] = await Promise.all([
      firingSubjects(scope, rule.integrationId ? (names.get(rule.integrationId) ?? null) : null),
      openIncidentsOf(organizationId, rule.id),
      findChannels(organizationId, rule.channelIds),
    ]);
    const openByKey = new Map(open.map((incident) => [incident.subjectKey, incident]));
    for (const subject of firing) {
      const current = openByKey.get(subject.key);
      openByKey.delete(subject.key);
      if (current) {
        report.ongoing++;
        if (current.occurrences !== subject.occurrences || current.summary !== subject.summary) await touchIncident(organizationId, current.id, subject);
        continue;
      }
      const id = await openIncident(organizationId, rule.id, subject, channels);
      if (id) report.opened.push(id);
    }
    const resolutionChannels = channels.filter((channel) => RESOLUTION_KINDS.has(channel.kind));
    for (const stopped of openByKey.values()) {
      if (await resolveIncident(organizationId, stopped.id, resolutionChannels)) report.resolved.push(stopped.id);
    }
  }
  return report;
}

/** Every organization with an enabled rule; one organization's failure does not stop the others. */
export async function evaluateAllAlerts(): Promise<EvaluationReport> {
  const report: EvaluationReport = { opened: [], resolved: [], ongoing: 0 };
  for (const { organizationId } of await organizationsWithRules()) {
    try {
      await evaluateOrganizationAlerts(organizationId, report);
    } catch (error) {
      logger().error({ organizationId, err: error }, "alert evaluation failed for an organization");
    }
  }
  return report;
}
