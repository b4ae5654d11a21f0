import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import pino from "pino";

import type { InstanceState } from "@/server/connectors/framework/define-connector";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import type { HttpRecord } from "@/server/connectors/http/records";

/**
 * Fixtures for the connector tests: a real HTTP server on 127.0.0.1 (reached through an explicit
 * allowance, as the sandbox is in production), plus in-memory state, records and retry waits.
 */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  /** The allowance that lets tests reach this server and nothing else. */
  policy: NetworkPolicy;
  close(): Promise<void>;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => unknown;

export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    requests.push(received);
    await handler(received, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    requests,
    policy: { allow: [origin] },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

export function memoryState(): InstanceState & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: async <T>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

/** Records retry waits instead of sleeping, so tests assert the delays asked for, never wall time. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

export function recordSink(): { onRecord: (record: HttpRecord) => void; records: HttpRecord[] } {
  const records: HttpRecord[] = [];
  return { records, onRecord: (record) => void records.push(record) };
}

export const silentLogger = pino({ level: "silent" });
