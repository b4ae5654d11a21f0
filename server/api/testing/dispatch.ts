/**
 * A `fetch` that serves `/api/v1/*` with the real route handlers, as Next.js would route them:
 * for the CLI and the docs walkthrough tests, which speak HTTP.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import type { RouteHandler } from "@/server/api/route-handler";

const API_ROOT = path.resolve("app/api/v1");

interface Route {
  pattern: RegExp;
  names: string[];
  file: string;
}

function routes(directory = API_ROOT): Route[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routes(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(API_ROOT, directory).split(path.sep).filter(Boolean);
    const names = segments.filter((s) => s.startsWith("[")).map((s) => s.slice(1, -1));
    const source = segments.map((s) => (s.startsWith("[") ? "([^/]+)" : s.replace(/\./g, "\\."))).join("/");
    return [{ pattern: new RegExp(`^/api/v1/${source}/?$`), names, file: full }];
  });
}

export async function dispatchToRoutes(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const pathname = new URL(request.url).pathname;
  for (const route of routes()) {
    const match = pathname.match(route.pattern);
    if (!match) continue;
    const module = (await import(route.file)) as Record<string, RouteHandler | undefined>;
    const handler = module[request.method];
    if (!handler) return new Response(null, { status: 405 });
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    // As Next.js does: no params object at all for a route without dynamic segments.
    return handler(request, { params: Promise.resolve(route.names.length ? params : undefined) });
  }
  return Response.json({ error: { code: "NOT_FOUND", message: `no route for ${pathname}` } }, { status: 404 });
}
