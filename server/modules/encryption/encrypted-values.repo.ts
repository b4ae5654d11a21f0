/**
 * Reads and rewrites sealed values for key rotation. Table and column names come only from the
 * fixed list in encrypted-columns.ts, never from input.
 */
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import type { EncryptedColumn } from "./encrypted-columns";

export interface SealedRow {
  id: string;
  value: string;
}

/** The sealed text of a row (the column, or one key of a JSON column) and how to write a new one. */
function identifiers(column: EncryptedColumn) {
  const quoted = `"${column.column}"`;
  return {
    table: Prisma.raw(`"${column.table}"`),
    id: Prisma.raw(`"${column.idColumn ?? "id"}"`),
    column: Prisma.raw(column.jsonKey ? `(${quoted}->>'${column.jsonKey}')` : quoted),
    assign: (value: string) =>
      column.jsonKey
        ? Prisma.sql`${Prisma.raw(quoted)} = jsonb_build_object(${column.jsonKey}::text, ${value}::text)`
        : Prisma.sql`${Prisma.raw(quoted)} = ${value}`,
  };
}

/**
 * Locks up to `limit` values not sealed with `keyId` and hands them to `rewrite`, which returns
 * the new sealed text per id; all in one short transaction, so a row is never half-rotated and a
 * concurrent writer (a token refresh) waits for at most one batch.
 */
export async function rewriteBatch(
  column: EncryptedColumn,
  keyId: string,
  limit: number,
  skip: readonly string[],
  rewrite: (rows: SealedRow[]) => Map<string, string>,
): Promise<{ seen: SealedRow[]; written: number }> {
  const { table, id, column: name, assign } = identifiers(column);
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<SealedRow[]>`
      SELECT ${id}::text AS id, ${name} AS value FROM ${table}
       WHERE ${name} LIKE 'v1:%' AND split_part(${name}, ':', 2) <> ${keyId} AND NOT (${id}::text = ANY(${skip as string[]}::text[]))
       ORDER BY ${id}
       LIMIT ${limit}
       FOR UPDATE`;
    const next = rewrite(rows);
    let written = 0;
    for (const [rowId, value] of next) {
      written += await tx.$executeRaw`UPDATE ${table} SET ${assign(value)} WHERE ${id} = ${rowId}::uuid`;
    }
    return { seen: rows, written };
  });
}

/** How many values of the column are sealed with each key id. */
export async function countByKey(column: EncryptedColumn): Promise<Record<string, number>> {
  const { table, column: name } = identifiers(column);
  const rows = await db().$queryRaw<{ key_id: string; n: bigint }[]>`
    SELECT split_part(${name}, ':', 2) AS key_id, count(*) AS n FROM ${table} WHERE ${name} LIKE 'v1:%' GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.n)]));
}
