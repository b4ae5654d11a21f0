/**
 * The web process: one Node http server in front of the Next.js app. Webhook deliveries
 * (`/api/hooks/<token>`) are answered directly by the ingest (server/triggers/ingest/node-hook.ts),
 * the one path where the framework's per-request work would cost more than the delivery itself;
 * every other request, and WebSocket upgrades in development, go to Next.js. In production the SDK's
 * script-tag bundle is answered from memory too (sdk-script.ts): vendor pages wait for it.
 *
 * Every request that goes on to Next.js first has its client established from the socket and
 * TRUSTED_PROXIES (client-address.ts); the forwarding headers it came with are replaced by that
 * verdict (server/http/client-headers.ts), so the sign-in limiter and the sandbox see the real
 * client whatever it claimed.
 *
 * The ingest here runs the server's sources, loaded by `scripts/web.ts`; Next.js runs its own
 * bundled copies of the same files. What must be one per process (pools, rate tokens, caches) is
 * held by `processSingleton` (server/process-singleton.ts; docs/architecture.md, "What each
 * process loads").
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { applyClientHeaders } from "@/server/http/client-headers";
import { logger, type Logger } from "@/server/logger";
import { hookTokenOf, serveHook } from "@/server/triggers/ingest/node-hook";
import { clientAddressOf, type AddressRange } from "@/server/http/client-address";
import { isSdkScriptRequest, loadSdkScript, serveSdkScript, type SdkScript } from "./sdk-script";

export interface WebServerOptions {
  root: string;
  dev: boolean;
  host: string;
  port: number;
  /** TRUSTED_PROXIES, parsed: peers whose X-Forwarded-For is believed. */
  trustedProxies: AddressRange[];
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

/** Sets the client headers of a request before anything reads them. */
export function establishClient(req: IncomingMessage, trustedProxies: readonly AddressRange[], log: Logger = logger()): void {
  const forwardedFor = req.headers["x-forwarded-for"];
  const anyForwarding = forwardedFor !== undefined || req.headers.forwarded !== undefined || req.headers["x-real-ip"] !== undefined;
  const client = clientAddressOf(
    req.socket.remoteAddress,
    { forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor, anyForwarding },
    trustedProxies,
  );
  if (client.untrustedForwarding) warnUntrustedForwarding(log, req.socket.remoteAddress);
  applyClientHeaders(req.headers, client);
}

let warned = false;
/** Once per process: a proxy the operator forgot in TRUSTED_PROXIES makes every client look like it. */
function warnUntrustedForwarding(log: Logger, peer: string | undefined): void {
  if (warned) return;
  warned = true;
  log.warn(
    { component: "web", peer },
    "ignored X-Forwarded-For (or Forwarded, X-Real-IP) from an address not in TRUSTED_PROXIES; if Switchyard runs behind a proxy, list it there, or every client is counted as the proxy",
  );
}

/**
 * The request listener: webhooks straight to the ingest, the SDK's script from memory (when given),
 * everything else to Next.js with its client established.
 */
export function frontDoor(
  handleNext: Handler,
  trustedProxies: readonly AddressRange[],
  sdkScript: SdkScript | null = null,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (sdkScript && isSdkScriptRequest(req.url)) return serveSdkScript(req, res, sdkScript);
    const token = hookTokenOf(req.url);
    let handled: Promise<unknown>;
    if (token !== null) {
      handled = serveHook(req, res, token);
    } else {
      establishClient(req, trustedProxies);
      handled = handleNext(req, res);
    }
    handled.catch((error: unknown) => {
      logger().error(
        { component: "web", err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
        "request failed",
      );
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end();
    });
  };
}

export async function startWebServer(options: WebServerOptions): Promise<http.Server> {
  const app = next({ dev: options.dev, dir: options.root, hostname: options.host, port: options.port, ...(options.dev ? { turbopack: true } : {}) });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer(frontDoor(handleNext, options.trustedProxies, options.dev ? null : loadSdkScript(options.root)));
  if (options.dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => {
      establishClient(req, options.trustedProxies);
      void upgrade(req, socket, head);
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
