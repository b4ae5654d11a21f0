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

export function findEmbedOrganization(organizationId: string) {
  return db().organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, allowedOrigins: true, theme: true } });
}

export function updateEmbedSettings(organizationId: string, data: { allowedOrigins?: string[]; theme?: Record<string, string> }) {
  return db().organization.update({ where: { id: organizationId }, data, select: { allowedOrigins: true, theme: true } });
}
