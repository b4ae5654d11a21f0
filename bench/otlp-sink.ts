/**
 * A local OTLP/HTTP collector stand-in for `BENCH_TRACING=1`: accepts what the web process and
 * workers export to `/v1/traces` and counts requests, bytes and spans, keeping nothing.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface OtlpSink {
  url: string;
  stats(): { requests: number; bytes: number; spans: number };
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const stats = { requests: 0, bytes: 0, spans: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      stats.requests++;
      stats.bytes += body.length;
      // Each span has exactly one "spanId" key; links and events are not used by Switchyard's spans.
      stats.spans += body.toString("latin1").split('"spanId"').length - 1;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({ ...stats }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
