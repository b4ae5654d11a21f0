/**
 * Cursor pagination for lists: `?cursor=&limit=` → `{ data, nextCursor }`. The cursor is opaque to
 * callers; inside it is the (createdAt, id) of the last row served, so pages stay stable while
 * new rows arrive (keyset pagination, newest first).
 */
import { z } from "zod";
import { AppError } from "@/server/errors";

export interface Keyset {
  at: Date;
  id: string;
}

export const paginationQuerySchema = z.object({
  cursor: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(25).describe("Rows per page, 1–100 (default 25)"),
});

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.at.toISOString(), keyset.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad cursor");
    return { at: date, id };
  } catch {
    throw new AppError("BAD_REQUEST", "The cursor is not one this API handed out; pass `nextCursor` from the previous page unchanged.", { field: "cursor" });
  }
}

/** Repositories fetch `limit + 1` rows; the extra one only says whether another page exists. */
export function pageOf<Row, Dto>(rows: Row[], limit: number, keyOf: (row: Row) => Keyset, toDto: (row: Row) => Dto) {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data: data.map(toDto), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page") });
}
