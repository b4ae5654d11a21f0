import type { ApiRoute } from "@/server/sandbox/http";
import { jsonResponse } from "@/server/sandbox/http";
import { ticketsChangedAfter } from "@/server/sandbox/zendesk/zendesk.repo";
import { toZendeskTicket } from "@/server/sandbox/zendesk/zendesk-shapes";

/**
 * Cursor-based incremental ticket export (`/incremental/tickets/cursor`): tickets in (updated_at,
 * id) order from `start_time` (Unix seconds) or an opaque `cursor`; `end_of_stream` tells the
 * poller it has caught up and should keep the last `after_cursor` for next time.
 */
const PER_PAGE = 1000;
/** Past every ticket id (a Postgres integer), so a start time includes all tickets of its millisecond. */
const MAX_TICKET_ID = 2_147_483_647;

function encodeCursor(at: Date, id: number): string {
  return Buffer.from(JSON.stringify({ t: at.getTime(), id })).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: number } | null {
  try {
    const { t, id } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { t: unknown; id: unknown };
    return typeof t === "number" && typeof id === "number" ? { at: new Date(t), id } : null;
  } catch {
    return null;
  }
}

/** Needs only the request's URL and the token's workspace, so it takes no more of the API's context (zendesk-api.ts) than that. */
export const zendeskExportRoute: ApiRoute<{ url: URL; workspace: string }> = {
  method: "GET",
  pattern: "/incremental/tickets/cursor",
  async handle(ctx) {
    const cursor = ctx.url.searchParams.get("cursor");
    const startTime = ctx.url.searchParams.get("start_time");
    let after: { at: Date; id: number } | null;
    if (cursor) after = decodeCursor(cursor);
    else if (startTime && /^\d+$/.test(startTime)) after = { at: new Date(Number(startTime) * 1000 - 1), id: MAX_TICKET_ID };
    else return jsonResponse(400, { error: "InvalidPaginationParameter", description: "start_time or cursor is required" });
    if (!after) return jsonResponse(400, { error: "InvalidPaginationParameter", description: "cursor is invalid" });
    const perPage = Math.min(PER_PAGE, Math.max(1, Number.parseInt(ctx.url.searchParams.get("per_page") ?? "", 10) || PER_PAGE));
    const rows = await ticketsChangedAfter(ctx.workspace, after, perPage);
    const last = rows.at(-1);
    const afterCursor = last ? encodeCursor(last.updatedAt, last.id) : (cursor ?? encodeCursor(after.at, after.id));
    const next = new URL(ctx.url);
    next.search = new URLSearchParams({ cursor: afterCursor, per_page: String(perPage) }).toString();
    return jsonResponse(200, {
      tickets: rows.map(toZendeskTicket),
      after_cursor: afterCursor,
      before_cursor: null,
      after_url: next.href,
      before_url: null,
      end_of_stream: rows.length < perPage,
    });
  },
};
