/**
 * What the embed layer reads about organizations: the allowed frame origins and the theme.
 * `isOriginAllowedAnywhere` is deliberately not scoped to one organization: before the token
 * arrives the frame does not know its organization, and only says whether the origin exists.
 */
import { db } from "@/server/db/client";

export async function isOriginAllowedAnywhere(origin: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ found: number }[]>`SELECT 1 AS found FROM organization WHERE ${origin} = ANY(allowed_origins) LIMIT 1`;
  return rows.length > 0;
}

/**
 * The organizations that allow `origin` (at most two: the caller only needs to know whether exactly
 * one does). Like `isOriginAllowedAnywhere`, across organizations on purpose: the frame's public
 * listing is drawn before a token names the organization.
 */
export async function listOrganizationsAllowingOrigin(origin: string): Promise<{ id: string; theme: unknown }[]> {
  return db().$queryRaw<{ id: string; theme: unknown }[]>`SELECT id, theme FROM organization WHERE ${origin} = ANY(allowed_origins) ORDER BY id LIMIT 2`;
}

export function findEmbedOrganization(organizationId: string) {
  return db().organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, allowedOrigins: true, theme: true } });
}

export function updateEmbedSettings(organizationId: string, data: { allowedOrigins?: string[]; theme?: Record<string, string> }) {
  return db().organization.update({ where: { id: organizationId }, data, select: { allowedOrigins: true, theme: true } });
}
