/**
 * The web server's direct path for webhooks (server/web/web-server.ts): `/api/hooks/<token>`
 * answered from Node's own request and response, without the framework's routing or a WHATWG
 * Request and Response per delivery. Same handler as the Next.js route, same answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from "@/server/http/security-headers";
import { handleHook } from "./handle-hook";
import { ClientGoneError, readOnce, type HookAnswer, type HookRequest } from "@/server/http/hook-http";
import { webIngestOptions, type IngestOptions } from "./options";

const HOOK_PATH = /^\/api\/hooks\/([^/?#]+)(?:\?|$)/;

/** The token of a webhook URL (`/api/hooks/<token>`, with or without a query); null for any other path. */
export function hookTokenOf(url: string | undefined): string | null {
  const match = url ? HOOK_PATH.exec(url) : null;
  // Tokens are base64url: nothing to decode, and anything else is refused by its shape.
  return match ? match[1] : null;
}

function readNodeBody(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      total += chunk.length;
      if (total > limit) return settle(() => reject(tooLarge()));
      chunks.push(chunk);
    });
    req.on("end", () => settle(() => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total))));
    req.on("error", (error) => settle(() => reject(new ClientGoneError(error))));
    req.on("close", () => settle(() => reject(new ClientGoneError(new Error("connection closed")))));
  });
}

export function hookRequestFromNode(req: IncomingMessage): HookRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { method: req.method ?? "GET", pathAndQuery: req.url ?? "/", headers, body: readOnce((limit, tooLarge) => readNodeBody(req, limit, tooLarge)) };
}

/** `overTls`: the request came through a TLS-terminating proxy (`X-Forwarded-Proto: https`), as for the rest of the app. */
export function writeAnswer(res: ServerResponse, answer: HookAnswer, overTls = false): void {
  res.writeHead(answer.status, { ...API_SECURITY_HEADERS, ...(overTls ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}), ...answer.headers });
  res.end(answer.body ?? undefined);
}

export async function serveHook(req: IncomingMessage, res: ServerResponse, token: string, options: IngestOptions = webIngestOptions()): Promise<void> {
  const answer = await handleHook(hookRequestFromNode(req), token, options);
  if (!res.destroyed) writeAnswer(res, answer, req.headers["x-forwarded-proto"] === "https");
}
