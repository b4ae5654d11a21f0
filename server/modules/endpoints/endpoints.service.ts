/**
 * Endpoints are the public URLs that feed events to an instance: one per webhook flow (the
 * default), or one per instance when the manifest's endpoints mode is `per-instance` and the
 * endpoint dispatches each event to flows. The token in the URL is the only credential that
 * routes a delivery, so it is long (192 bits), random and rotatable.
 */
import { randomToken } from "@/server/crypto/tokens";
import type { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { deleteEndpoints, findEndpoint, insertEndpoints, listEndpoints, listEndpointStatusRows, replaceEndpointToken } from "./endpoints.repo";

/** 24 bytes = 192 bits of randomness, base64url (32 characters). */
const TOKEN_BYTES = 24;

export function hookUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/api/hooks/${token}`;
}

/**
 * A webhook URL with its token hidden but for the last four characters, for people who may look at
 * an instance but not hand its URL to anyone (the token alone lets a caller send deliveries).
 */
export function maskedHookUrl(url: string): string {
  return url.replace(/\/api\/hooks\/([^/?#]+)$/, (_, token: string) => `/api/hooks/${"•".repeat(8)}${token.slice(-4)}`);
}

/** The flows that get their own endpoint, or `[null]` for the single dispatching endpoint. */
export function plannedEndpointFlows(manifest: Pick<Manifest, "endpoints" | "flows">): (string | null)[] {
  if (manifest.endpoints?.mode === "per-instance") return [null];
  return manifest.flows.filter((flow) => flow.trigger.type === "webhook").map((flow) => flow.key);
}

/** Creates the endpoints an instance's manifest calls for, inside the caller's transaction. */
export async function createEndpointsFor(
  organizationId: string,
  instanceId: string,
  manifest: Pick<Manifest, "endpoints" | "flows">,
  tx?: Pick<Prisma.TransactionClient, "endpoint">,
) {
  const rows = plannedEndpointFlows(manifest).map((flowKey) => ({ organizationId, instanceId, flowKey, token: randomToken(TOKEN_BYTES) }));
  await insertEndpoints(rows, tx);
}

/**
 * After an upgrade: adds endpoints for new webhook flows and drops those of flows that are gone.
 * Kept endpoints keep their token, so providers need no reconfiguration.
 */
export async function syncEndpoints(organizationId: string, instanceId: string, manifest: Pick<Manifest, "endpoints" | "flows">) {
  const existing = await listEndpoints(organizationId, instanceId);
  const wanted = plannedEndpointFlows(manifest);
  const stale = existing.filter((endpoint) => !wanted.includes(endpoint.flowKey));
  const missing = wanted.filter((flowKey) => !existing.some((endpoint) => endpoint.flowKey === flowKey));
  await deleteEndpoints(
    organizationId,
    stale.map((endpoint) => endpoint.id),
  );
  await insertEndpoints(missing.map((flowKey) => ({ organizationId, instanceId, flowKey, token: randomToken(TOKEN_BYTES) })));
}

export interface EndpointView {
  id: string;
  flowKey: string | null;
  url: string;
  createdAt: Date;
  rotatedAt: Date | null;
}

export async function listInstanceEndpoints(organizationId: string, instanceId: string, publicUrl: string): Promise<EndpointView[]> {
  const rows = await listEndpoints(organizationId, instanceId);
  return rows.map((row) => ({ id: row.id, flowKey: row.flowKey, url: hookUrl(publicUrl, row.token), createdAt: row.createdAt, rotatedAt: row.rotatedAt }));
}

/**
 * An endpoint as the instance pages and `GET /api/v1/instances/{id}/endpoints` show it: its URL,
 * whether a delivery has passed its verification yet, and its latest accepted and refused deliveries.
 */
export interface EndpointStatusView extends EndpointView {
  status: "unverified" | "verified";
  verifiedAt: Date | null;
  lastAcceptedAt: Date | null;
  lastRejectedAt: Date | null;
  lastRejectionReason: string | null;
}

export async function listEndpointStatuses(organizationId: string, instanceId: string, publicUrl: string): Promise<EndpointStatusView[]> {
  const rows = await listEndpointStatusRows(organizationId, instanceId);
  return rows.map(({ token, ...row }) => ({ ...row, url: hookUrl(publicUrl, token), status: row.verifiedAt ? "verified" : "unverified" }));
}

/** A new token for the endpoint; the old URL answers 404 from now on. Returns the new URL. */
export async function rotateEndpointToken(organizationId: string, endpointId: string, publicUrl: string): Promise<EndpointView> {
  const token = randomToken(TOKEN_BYTES);
  const { count } = await replaceEndpointToken(organizationId, endpointId, token);
  if (count === 0) throw new AppError("NOT_FOUND", "No endpoint with that id in this organization.", { field: "endpointId" });
  const row = await findEndpoint(organizationId, endpointId);
  if (!row) throw new AppError("NOT_FOUND", "No endpoint with that id in this organization.", { field: "endpointId" });
  return { id: row.id, flowKey: row.flowKey, url: hookUrl(publicUrl, row.token), createdAt: row.createdAt, rotatedAt: row.rotatedAt };
}
