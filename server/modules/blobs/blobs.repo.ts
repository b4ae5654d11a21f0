import { db, type Prisma } from "@/server/db/client";

export interface BlobOwner {
  organizationId: string;
  instanceId: string;
  executionId: string;
}

export interface BlobRow {
  id: string;
  name: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export async function insertBlob(owner: BlobOwner, file: { name: string; contentType: string; sha256: string; data: Buffer }): Promise<Omit<BlobRow, "data">> {
  return db().blob.create({
    data: { ...owner, name: file.name, contentType: file.contentType, size: file.data.length, sha256: file.sha256, data: new Uint8Array(file.data) },
    select: { id: true, name: true, contentType: true, size: true },
  });
}

/** A blob of this organization and instance; null for another tenant's id, a malformed id, or one already cleaned up. */
export async function findBlob(organizationId: string, instanceId: string, id: string): Promise<BlobRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = await db().blob.findFirst({
    where: { id, organizationId, instanceId },
    select: { id: true, name: true, contentType: true, size: true, data: true },
  });
  return row ? { ...row, data: Buffer.from(row.data) } : null;
}

/** How many blobs an execution owns (the retention job deletes them with it). */
export async function countExecutionBlobs(organizationId: string, executionId: string): Promise<number> {
  return db().blob.count({ where: { organizationId, executionId } });
}

/** A webhook body kept as a file: owned by its event, written in the transaction that records it. */
export interface EventBodyFile {
  id: string;
  name: string;
  contentType: string;
  sha256: string;
  data: Buffer;
}

export async function insertEventBodyBlob(
  tx: Prisma.TransactionClient,
  owner: { organizationId: string; instanceId: string; eventId: string },
  file: EventBodyFile,
): Promise<void> {
  await tx.blob.create({
    data: {
      id: file.id,
      ...owner,
      name: file.name,
      contentType: file.contentType,
      size: file.data.length,
      sha256: file.sha256,
      data: new Uint8Array(file.data),
    },
    select: { id: true },
  });
}

/** The body file of an event, without its bytes; null when the body is in the event row (or there is none). */
export function findEventBodyBlob(organizationId: string, eventId: string) {
  return db().blob.findFirst({ where: { organizationId, eventId }, select: { id: true, name: true, contentType: true, size: true } });
}

/** The first `bytes` bytes of an event's body file, for showing a large delivery's body. */
export async function eventBodyBlobStart(organizationId: string, eventId: string, bytes: number): Promise<{ start: Buffer; size: number } | null> {
  const rows = await db().$queryRaw<{ start: Uint8Array; size: number }[]>`
    SELECT substring(data FROM 1 FOR ${bytes}::int) AS start, size FROM blob
     WHERE organization_id = ${organizationId}::uuid AND event_id = ${eventId}::uuid LIMIT 1`;
  return rows[0] ? { start: Buffer.from(rows[0].start), size: rows[0].size } : null;
}
