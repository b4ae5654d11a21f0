/**
 * The SDK's script-tag bundle (`public/embed.js`), answered by the web server itself. Every vendor
 * page loads it before it can create the embedded frame, so it is on the path of every marketplace
 * load; through Next.js it waited its turn behind the framework's routing (bench:embed). Read once
 * at start; production only (`npm run build` writes it; development serves it through Next.js, which
 * picks up a rebuilt bundle).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { BASE_SECURITY_HEADERS } from "@/server/http/security-headers";

export const SDK_SCRIPT_PATH = "/embed.js";

export interface SdkScript {
  body: Buffer;
  etag: string;
}

/** The bundle under `root/public`, or null when it has not been built. */
export function loadSdkScript(root: string): SdkScript | null {
  try {
    const body = readFileSync(path.join(root, "public", "embed.js"));
    return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
  } catch {
    return null;
  }
}

export function isSdkScriptRequest(url: string | undefined): boolean {
  if (!url) return false;
  const end = url.indexOf("?");
  return (end === -1 ? url : url.slice(0, end)) === SDK_SCRIPT_PATH;
}

/**
 * GET and HEAD, with an ETag; cached by browsers for five minutes, so a new SDK reaches vendor pages
 * within that time. Other methods are refused as Next.js would.
 */
export function serveSdkScript(req: IncomingMessage, res: ServerResponse, script: SdkScript): void {
  const headers: Record<string, string> = Object.fromEntries(BASE_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
    return;
  }
  Object.assign(headers, { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "public, max-age=300", ETag: script.etag });
  if (req.headers["if-none-match"] === script.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": String(script.body.length) });
  res.end(req.method === "HEAD" ? undefined : script.body);
}
