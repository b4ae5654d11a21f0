import { db, type Prisma } from "@/server/db/client";

/** Per-instance key/value state (cursors, remembered ids), as flows and connectors see it. */
export function instanceStateStore(instanceId: string) {
  return {
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const row = await db().instanceState.findUnique({ where: { instanceId_key: { instanceId, key } }, select: { value: true } });
      return (row?.value ?? undefined) as T | undefined;
    },
    async set(key: string, value: unknown): Promise<void> {
      const json = value as Prisma.InputJsonValue;
      await db().instanceState.upsert({
        where: { instanceId_key: { instanceId, key } },
        create: { instanceId, key, value: json },
        update: { value: json },
      });
    },
    async delete(key: string): Promise<void> {
      await db().instanceState.deleteMany({ where: { instanceId, key } });
    },
  };
}
