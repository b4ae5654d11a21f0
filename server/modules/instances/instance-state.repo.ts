import { db, type Prisma } from "@/server/db/client";
import { withoutNul } from "@/server/db/jsonb";

/** Per-instance key/value state (cursors, remembered ids), as flows and connectors see it. */
export function instanceStateStore(instanceId: string) {
  return {
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const row = await db().instanceState.findUnique({ where: { instanceId_key: { instanceId, key } }, select: { value: true } });
      return (row?.value ?? undefined) as T | undefined;
    },
    /** The values stored under these keys (absent keys are left out). */
    async getMany(keys: string[]): Promise<Record<string, unknown>> {
      if (keys.length === 0) return {};
      const rows = await db().instanceState.findMany({ where: { instanceId, key: { in: keys } }, select: { key: true, value: true } });
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },
    async set(key: string, value: unknown): Promise<void> {
      const json = withoutNul(value) as Prisma.InputJsonValue;
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
