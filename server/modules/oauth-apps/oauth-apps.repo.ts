import { db } from "@/server/db/client";

/** Everything but the sealed secret: the console list and the tRPC outputs are built from this. */
const appSummary = {
  id: true,
  provider: true,
  clientId: true,
  clientSecretEncrypted: true,
  scopes: true,
  authorizeUrl: true,
  tokenUrl: true,
  apiBaseUrl: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface OAuthAppData {
  clientId: string;
  clientSecretEncrypted: string;
  scopes: string[];
  authorizeUrl: string | null;
  tokenUrl: string | null;
  apiBaseUrl: string | null;
}

export function listOAuthApps(organizationId: string) {
  return db().oAuthApp.findMany({ where: { organizationId }, orderBy: { provider: "asc" }, select: appSummary });
}

export function findOAuthAppByProvider(organizationId: string, provider: string) {
  return db().oAuthApp.findUnique({ where: { organizationId_provider: { organizationId, provider } }, select: appSummary });
}

export function findOAuthApp(organizationId: string, id: string) {
  return db().oAuthApp.findFirst({ where: { organizationId, id }, select: appSummary });
}

export function insertOAuthApp(organizationId: string, provider: string, data: OAuthAppData) {
  return db().oAuthApp.create({ data: { organizationId, provider, ...data }, select: appSummary });
}

/** Scoped by organization: an id from another tenant updates nothing and answers null. */
export async function updateOAuthApp(organizationId: string, id: string, data: Partial<OAuthAppData>) {
  const { count } = await db().oAuthApp.updateMany({ where: { organizationId, id }, data });
  return count === 0 ? null : findOAuthApp(organizationId, id);
}

export async function deleteOAuthApp(organizationId: string, id: string): Promise<boolean> {
  const { count } = await db().oAuthApp.deleteMany({ where: { organizationId, id } });
  return count > 0;
}
