import { db, type Prisma } from "@/server/db/client";

export function findIntegrationByKey(organizationId: string, key: string) {
  return db().integration.findUnique({ where: { organizationId_key: { organizationId, key } } });
}

export function findIntegration(organizationId: string, id: string) {
  return db().integration.findFirst({ where: { organizationId, id } });
}

/** Creates the integration on first push; later pushes refresh its marketplace metadata and add a draft version. */
export async function saveDraftVersion(input: {
  organizationId: string;
  key: string;
  name: string;
  description: string;
  category: string | null;
  icon: string | null;
  source: string;
  manifest: Prisma.InputJsonValue;
  checksum: string;
  releaseNotes: string | null;
}) {
  return db().$transaction(async (tx) => {
    const integration = await tx.integration.upsert({
      where: { organizationId_key: { organizationId: input.organizationId, key: input.key } },
      create: {
        organizationId: input.organizationId,
        key: input.key,
        name: input.name,
        description: input.description,
        category: input.category,
        icon: input.icon,
      },
      update: { name: input.name, description: input.description, category: input.category, icon: input.icon },
    });
    // Serialise version numbering per integration.
    await tx.$executeRaw`SELECT id FROM integration WHERE id = ${integration.id}::uuid FOR UPDATE`;
    const latest = await tx.integrationVersion.findFirst({ where: { integrationId: integration.id }, orderBy: { version: "desc" } });
    if (latest && latest.checksum === input.checksum) return { integration, version: latest, created: false };
    if (latest && latest.status === "draft") {
      // One draft at a time: a new push replaces the unpublished draft.
      const version = await tx.integrationVersion.update({
        where: { id: latest.id },
        data: { source: input.source, manifest: input.manifest, checksum: input.checksum, releaseNotes: input.releaseNotes },
      });
      return { integration, version, created: false };
    }
    const version = await tx.integrationVersion.create({
      data: {
        organizationId: input.organizationId,
        integrationId: integration.id,
        version: (latest?.version ?? 0) + 1,
        source: input.source,
        manifest: input.manifest,
        checksum: input.checksum,
        releaseNotes: input.releaseNotes,
      },
    });
    return { integration, version, created: true };
  });
}

/** `releaseNotes` given replace the ones the draft was saved with. */
export function publishDraft(organizationId: string, versionId: string, releaseNotes?: string) {
  return db().integrationVersion.updateMany({
    where: { organizationId, id: versionId, status: "draft" },
    data: { status: "published", publishedAt: new Date(), ...(releaseNotes !== undefined ? { releaseNotes } : {}) },
  });
}

export function findVersion(organizationId: string, versionId: string) {
  return db().integrationVersion.findFirst({ where: { organizationId, id: versionId } });
}

export function latestPublishedVersion(organizationId: string, integrationId: string) {
  return db().integrationVersion.findFirst({
    where: { organizationId, integrationId, status: "published" },
    orderBy: { version: "desc" },
  });
}

export function listVersions(organizationId: string, integrationId: string) {
  return db().integrationVersion.findMany({
    where: { organizationId, integrationId },
    orderBy: { version: "desc" },
    select: { id: true, version: true, status: true, checksum: true, releaseNotes: true, publishedAt: true, createdAt: true },
  });
}

/** A version's manifest (published versions never change, so callers may cache it). */
export function findVersionManifest(organizationId: string, versionId: string, client: Pick<Prisma.TransactionClient, "integrationVersion"> = db()) {
  return client.integrationVersion.findFirst({ where: { organizationId, id: versionId }, select: { manifest: true, version: true } });
}
