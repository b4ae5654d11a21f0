/** Small helpers shared by the simulated APIs' route handlers. */

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  // 204 answers carry no body, as the real APIs' DELETEs do.
  if (status === 204) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

/** The token from `Authorization: Bearer …` (or GitHub's older `token …`), if any. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  const match = /^(?:bearer|token)\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Parses a JSON body; `undefined` for an empty body, `null` for one that is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Reads `application/x-www-form-urlencoded` or JSON into flat string fields (OAuth endpoints accept both). */
export async function readFields(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (type.includes("json")) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(parsed)
          .filter(([, v]) => typeof v === "string" || typeof v === "number")
          .map(([k, v]) => [k, String(v)]),
      );
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** `page`/`per_page` as GitHub and Zendesk read them: 1-based pages, a default and a maximum size. */
export function pageParams(url: URL, defaults: { perPage: number; max: number }): { page: number; perPage: number } {
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);
  const requested = Number.parseInt(url.searchParams.get("per_page") ?? "", 10);
  const perPage = Number.isFinite(requested) && requested > 0 ? Math.min(requested, defaults.max) : defaults.perPage;
  return { page, perPage };
}

/** An RFC 8288 Link header with next/last (and prev/first) relations, as GitHub sends for pages. */
export function linkHeader(url: URL, page: number, perPage: number, total: number): string | undefined {
  const last = Math.max(1, Math.ceil(total / perPage));
  const at = (n: number) => {
    const target = new URL(url);
    target.searchParams.set("page", String(n));
    target.searchParams.set("per_page", String(perPage));
    return `<${target.href}>`;
  };
  const links: string[] = [];
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`);
  return links.length > 0 ? links.join(", ") : undefined;
}

export type PathParams = Record<string, string>;

/** One entry of a simulated API's route table: method, a path pattern with `:params`, a handler. */
export interface ApiRoute<Ctx> {
  method: string;
  pattern: string;
  handle(ctx: Ctx, params: PathParams): Promise<Response>;
}

/** Finds the route for a method and path; `methodNotAllowed` when the path exists under another method. */
export function matchRoute<Ctx>(
  routes: ReadonlyArray<ApiRoute<Ctx>>,
  method: string,
  path: string,
): { route: ApiRoute<Ctx>; params: PathParams } | "methodNotAllowed" | undefined {
  const segments = path.split("/").filter(Boolean);
  let pathExists = false;
  for (const route of routes) {
    const parts = route.pattern.split("/").filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: PathParams = {};
    const matches = parts.every((part, i) => {
      if (part.startsWith(":")) {
        params[part.slice(1)] = decodeURIComponent(segments[i]);
        return true;
      }
      return part === segments[i];
    });
    if (!matches) continue;
    pathExists = true;
    if (route.method === method) return { route, params };
  }
  return pathExists ? "methodNotAllowed" : undefined;
}
