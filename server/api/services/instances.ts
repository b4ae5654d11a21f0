import type { z } from "zod";
import { runtimeConfig } from "@/server/env";
import { AppError } from "@/server/errors";
import { listEndpointStatuses } from "@/server/modules/endpoints/endpoints.service";
import { findIntegrationByKey } from "@/server/modules/integrations/integrations.repo";
import { listInstanceEventsPage } from "@/server/modules/instances/instance-events.repo";
import { reconfigureInstance } from "@/server/modules/instances/instance-config.service";
import { pauseInstance, removeInstance, resumeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { findInstanceSummary, listInstancesPage } from "@/server/modules/instances/instance-queries.repo";
import { createInstance } from "@/server/modules/instances/instances.service";
import { decodeCursor, pageOf } from "../pagination";
import { toEvent } from "../schemas/events.schema";
import { toEndpoint, toInstance, type createInstanceSchema, type instanceFilterSchema } from "../schemas/instances.schema";

export async function getInstance(organizationId: string, id: string) {
  const row = await findInstanceSummary(organizationId, id);
  if (!row) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "id" });
  return toInstance(row);
}

export async function listInstances(organizationId: string, query: z.output<typeof instanceFilterSchema> & { cursor?: string; limit: number }) {
  const rows = await listInstancesPage(organizationId, { ...query, before: decodeCursor(query.cursor), take: query.limit + 1 });
  return pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }), toInstance);
}

/** Creates the instance for the customer (created on first sight) and deploys it with the given config. */
export async function deployInstance(organizationId: string, input: z.output<typeof createInstanceSchema>) {
  let integrationId = input.integrationId;
  if (!integrationId) {
    const integration = await findIntegrationByKey(organizationId, input.integrationKey!);
    if (!integration) throw new AppError("NOT_FOUND", `No integration with key "${input.integrationKey}" in this organization.`, { field: "integrationKey" });
    integrationId = integration.id;
  }
  const instance = await createInstance(organizationId, {
    integrationId,
    customerExternalId: input.customerExternalId,
    customerName: input.customerName,
    config: input.config,
    connections: input.connections,
  });
  return getInstance(organizationId, instance.id);
}

export async function reconfigure(organizationId: string, id: string, config: Record<string, unknown>) {
  await reconfigureInstance(organizationId, id, config);
  return getInstance(organizationId, id);
}

export async function pause(organizationId: string, id: string, options: { buffer?: boolean }) {
  await pauseInstance(organizationId, id, options);
  return getInstance(organizationId, id);
}

export async function resume(organizationId: string, id: string) {
  const released = await resumeInstance(organizationId, id);
  return { instance: await getInstance(organizationId, id), releasedEvents: released.released };
}

export async function remove(organizationId: string, id: string, options: { force?: boolean }) {
  const { status } = await removeInstance(organizationId, id, options);
  return { id, status };
}

export async function listEvents(organizationId: string, instanceId: string, page: { cursor?: string; limit: number }) {
  await getInstance(organizationId, instanceId);
  const rows = await listInstanceEventsPage(organizationId, instanceId, { before: decodeCursor(page.cursor), take: page.limit + 1 });
  return pageOf(rows, page.limit, (r) => ({ at: r.receivedAt, id: r.id }), toEvent);
}

/** The instance's webhook endpoints with their URLs and verification status (for configuring a provider by hand). */
export async function listEndpoints(organizationId: string, id: string) {
  if (!(await findInstanceSummary(organizationId, id))) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "id" });
  const endpoints = await listEndpointStatuses(organizationId, id, runtimeConfig().publicUrl);
  return { data: endpoints.map(toEndpoint) };
}
