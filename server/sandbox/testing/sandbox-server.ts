import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { routeSandboxRequest } from "@/server/sandbox/router";

export interface SandboxServer {
  origin: string;
  /** Allows exactly this server, as a deployment allow-lists its own origin to reach /sandbox. */
  policy: NetworkPolicy;
  close(): Promise<void>;
}

/** Serves the sandbox's API and token endpoints on 127.0.0.1 for tests that drive real connectors. */
export async function startSandboxServer(): Promise<SandboxServer> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const method = req.method ?? "GET";
    const request = new Request(`http://${req.headers.host}${req.url}`, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
    try {
      const response = await routeSandboxRequest(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.stack : String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    policy: { allow: [origin] },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
