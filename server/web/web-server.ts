/**
 * The web process: one Node http server in front of the Next.js app. Webhook deliveries
 * (`/api/hooks/<token>`) are answered directly by the ingest (server/triggers/ingest/node-hook.ts),
 * the one path where the framework's per-request work would cost more than the delivery itself;
 * every other request, and WebSocket upgrades in development, go to Next.js.
 */
import http from "node:http";
import next from "next";
import { logger } from "@/server/logger";
import { hookTokenOf, serveHook } from "@/server/triggers/ingest/node-hook";

export interface WebServerOptions {
  root: string;
  dev: boolean;
  host: string;
  port: number;
}

export async function startWebServer(options: WebServerOptions): Promise<http.Server> {
  const app = next({ dev: options.dev, dir: options.root, hostname: options.host, port: options.port, ...(options.dev ? { turbopack: true } : {}) });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    const token = hookTokenOf(req.url);
    const handled = token !== null ? serveHook(req, res, token) : handleNext(req, res);
    handled.catch((error: unknown) => {
      logger().error({ component: "web", err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end();
    });
  });
  if (options.dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
