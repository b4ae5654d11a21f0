import { z } from "zod";
import type { EndpointStatusView } from "@/server/modules/endpoints/endpoints.service";
import type { findInstanceSummary } from "@/server/modules/instances/instance-queries.repo";
import { isoDate, toIso } from "./common.schema";

export const instanceStatusSchema = z.enum(["configuring", "deploying", "active", "paused", "failed", "removing", "removed"]);

export const instanceSchema = z.object({
  id: z.uuid(),
  status: instanceStatusSchema,
  statusReason: z.string().nullable().describe("Why the instance failed, when it did"),
  customer: z.object({ id: z.uuid(), externalId: z.string(), name: z.string() }),
  integration: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
  integrationVersionId: z.uuid(),
  version: z.number().int(),
  config: z.record(z.string(), z.unknown()).describe("Config values that are not secret"),
  secretsSet: z.boolean().describe("Whether secret config values are stored (they are never returned)"),
  bufferWhilePaused: z.boolean(),
  deployedAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

const configValuesSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .describe("Config values by field key, checked against the integration's config fields");

export const createInstanceSchema = z
  .object({
    integrationId: z.uuid().optional(),
    integrationKey: z.string().min(1).optional().describe("Instead of integrationId"),
    customerExternalId: z.string().trim().min(1).max(200).describe("Created on first sight"),
    customerName: z.string().trim().min(1).max(200).optional(),
    config: configValuesSchema,
    connections: z
      .record(z.string(), z.uuid())
      .optional()
      .describe(
        "The integration's connection key → id of a connection made for this customer (POST /api/v1/customers/{id}/connections); deploy flows run with them",
      ),
  })
  .refine((v) => Boolean(v.integrationId) !== Boolean(v.integrationKey), { message: "give either integrationId or integrationKey", path: ["integrationId"] });

export const reconfigureInstanceSchema = z.object({ config: configValuesSchema.describe("The full set of values; secrets left out keep their stored value") });

export const pauseInstanceSchema = z.object({ buffer: z.boolean().optional().describe("Keep deliveries while paused and run them on resume") });

export const instanceFilterSchema = z.object({
  status: instanceStatusSchema.optional(),
  integrationId: z.uuid().optional(),
  customerId: z.uuid().optional(),
});

type Row = NonNullable<Awaited<ReturnType<typeof findInstanceSummary>>>;

export function toInstance(row: Row): z.infer<typeof instanceSchema> {
  return {
    id: row.id,
    status: row.status,
    statusReason: row.statusReason,
    customer: row.customer,
    integration: row.integration,
    integrationVersionId: row.integrationVersionId,
    version: row.integrationVersion.version,
    config: (row.configValues ?? {}) as Record<string, unknown>,
    secretsSet: row.configSecretsEncrypted !== null,
    bufferWhilePaused: row.bufferWhilePaused,
    deployedAt: toIso(row.deployedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A webhook endpoint of an instance: the URL to give the provider, and whether deliveries to it pass verification. */
export const endpointSchema = z.object({
  id: z.uuid(),
  flowKey: z.string().nullable().describe("The flow it feeds; null for an instance-wide endpoint that dispatches to flows"),
  url: z.url().describe("The URL to configure at the provider; the token in it is the only thing that routes a delivery"),
  status: z.enum(["unverified", "verified"]).describe("Verified once a delivery passed the endpoint's verification (or a handshake completed)"),
  verifiedAt: isoDate.nullable(),
  lastAcceptedAt: isoDate.nullable().describe("The latest delivery that passed verification (whatever it started)"),
  lastRejectedAt: isoDate.nullable().describe("The latest delivery refused by verification"),
  lastRejectionReason: z.string().nullable().describe("Why that delivery was refused"),
  createdAt: isoDate,
  rotatedAt: isoDate.nullable(),
});

export function toEndpoint(view: EndpointStatusView): z.infer<typeof endpointSchema> {
  return {
    id: view.id,
    flowKey: view.flowKey,
    url: view.url,
    status: view.status,
    verifiedAt: toIso(view.verifiedAt),
    lastAcceptedAt: toIso(view.lastAcceptedAt),
    lastRejectedAt: toIso(view.lastRejectedAt),
    lastRejectionReason: view.lastRejectionReason,
    createdAt: view.createdAt.toISOString(),
    rotatedAt: toIso(view.rotatedAt),
  };
}
