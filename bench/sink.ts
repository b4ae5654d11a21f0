/**
 * The benchmarks' stand-in for a provider's API: receives the flows' POSTs and notes each one's
 * latency since the delivery that started it was sent (the `sentAt` the flow carries through).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export interface Sink {
  origin: string;
  /** Milliseconds from each delivery's `sentAt` to its arrival here, in arrival order. */
  latencies: number[];
  /** When each of those deliveries was sent (same order and clock as `latencies`). */
  sentAts: number[];
  /** When the last POST arrived (performance time origin + now). */
  lastAt(): number;
  close(): Promise<void>;
}

/** Milliseconds since the time origin, comparable across this process's timestamps. */
export const now = () => performance.timeOrigin + performance.now();

export function startSink(): Promise<Sink> {
  const latencies: number[] = [];
  const sentAts: number[] = [];
  let last = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const arrived = now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { sentAt: number };
      latencies.push(arrived - Number(body.sentAt));
      sentAts.push(Number(body.sentAt));
      last = arrived;
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        latencies,
        sentAts,
        lastAt: () => last,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}
