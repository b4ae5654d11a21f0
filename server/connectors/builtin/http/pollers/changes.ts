import { JSONPath } from "jsonpath-plus";
import { z } from "zod";

import { definePoller } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const jsonPathSchema = z.string().startsWith("$", { error: "must be a JSONPath starting with $" });
const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "must be an HTTP header name" });

const cursorSourceSchema = z.discriminatedUnion("from", [
  /** An "updated since" value of the items (the last item's, items oldest first); inclusive, so items at it are remembered. */
  z.strictObject({ from: z.literal("item"), path: jsonPathSchema }),
  /** A field of the response body, such as `$.next_cursor`. */
  z.strictObject({ from: z.literal("response"), path: jsonPathSchema }),
  /** A response header, such as `X-Next-Cursor`. */
  z.strictObject({ from: z.literal("header"), name: headerNameSchema }),
]);

const paramsSchema = z
  .strictObject({
    method: z.enum(["GET", "POST"]).default("GET"),
    url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
    /** Relative to the connection's base URL. */
    path: z.string().startsWith("/", { error: "must start with /" }).optional(),
    query: z.record(z.string(), scalar).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    /** Where the list of items is in the response body. */
    items: jsonPathSchema.default("$"),
    /** An item's id, within the item. */
    itemId: jsonPathSchema,
    /** An item's version (e.g. `$.updated_at`): with it, each new version of an item is a new item. */
    itemVersion: jsonPathSchema.optional(),
    cursor: cursorSourceSchema,
    /** How the cursor is sent back: as a query parameter or a header. */
    sendCursor: z.union([z.strictObject({ query: z.string().min(1) }), z.strictObject({ header: headerNameSchema })]),
    /** What to send on the first poll: a fixed value, or the time polling began in a format. Absent: no cursor, the API's first page. */
    initialCursor: z.union([z.string(), z.strictObject({ startTime: z.enum(["iso", "unix", "unix-ms"]) })]).optional(),
    /** A boolean in the response body that says more pages follow (e.g. `$.has_more`); they are fetched with the new cursor. */
    hasMore: jsonPathSchema.optional(),
  })
  .refine((params) => (params.url === undefined) !== (params.path === undefined), { error: "give exactly one of `url` or `path`", path: ["url"] });

function first(path: string, json: unknown): unknown {
  if (json === null || typeof json !== "object") return path === "$" ? json : undefined;
  const [value] = JSONPath({ path, json: json as object, eval: "safe", wrap: true }) as unknown[];
  return value;
}

function asKey(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;
}

function initialCursor(initial: z.output<typeof paramsSchema>["initialCursor"], startAt: Date): string | null {
  if (initial === undefined) return null;
  if (typeof initial === "string") return initial;
  if (initial.startTime === "unix") return String(Math.floor(startAt.getTime() / 1000));
  if (initial.startTime === "unix-ms") return String(startAt.getTime());
  return startAt.toISOString();
}

/**
 * Any JSON API that lists what changed since a cursor: the items are found with a JSONPath, each
 * has an id (plus an optional version), and the cursor comes from the items, a response field or
 * a header and goes back as a query parameter or header. Without `hasMore`, each poll makes one
 * request and a backlog is worked off one page per poll.
 */
export const changesPoller = definePoller({
  description: "Polls any JSON API for items changed since a cursor.",
  params: paramsSchema,
  async poll(ctx, { params, cursor, page, startAt }) {
    const sent = page ?? cursor ?? initialCursor(params.initialCursor, startAt);
    const query: Record<string, string | number | boolean> = { ...params.query };
    const headers: Record<string, string> = { ...params.headers };
    if (sent !== null) {
      if ("query" in params.sendCursor) query[params.sendCursor.query] = sent;
      else headers[params.sendCursor.header] = sent;
    }
    const response = await ctx.http.request({
      method: params.method,
      ...(params.url !== undefined ? { url: params.url } : { path: params.path }),
      query,
      headers,
      ...(params.body !== undefined ? { json: params.body } : {}),
    });
    const list = first(params.items, response.body);
    if (!Array.isArray(list)) throw new NonRetryableError(`the response has no list of items at ${params.items}`);
    const source = params.cursor;
    const items = list.map((item, index) => {
      const id = asKey(first(params.itemId, item));
      if (id === undefined) throw new NonRetryableError(`item ${index} of the response has no id at ${params.itemId}`);
      const version = params.itemVersion === undefined ? undefined : asKey(first(params.itemVersion, item));
      const position = source.from === "item" ? asKey(first(source.path, item)) : undefined;
      return { id: version === undefined ? id : `${id}@${version}`, data: item, ...(position !== undefined ? { position } : {}) };
    });
    const next =
      source.from === "item"
        ? items.at(-1)?.position
        : source.from === "response"
          ? asKey(first(source.path, response.body))
          : response.headers[source.name.toLowerCase()];
    const hasMore = params.hasMore !== undefined && first(params.hasMore, response.body) === true;
    if (hasMore && source.from === "item" && next === sent) {
      // Asking again would return the same page forever.
      throw new NonRetryableError(`a full page of items has the cursor value "${sent}"; ask for larger pages so the API can move past it`);
    }
    const more = hasMore && next !== undefined && next !== sent;
    return { items, cursor: next ?? null, ...(more ? { nextPage: next } : {}) };
  },
});
