/**
 * The web process's ingest in its own process, for tests that kill it with SIGKILL: a plain
 * node http server handing each request to the real route handler. Prints its port when ready.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { POST } from "@/app/api/hooks/[token]/route";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { useDatabase } from "@/server/db/client";
import { TEST_ENCRYPTION_KEY } from "./factories";

useDatabase(process.argv[2]);
useEncryptionKey(TEST_ENCRYPTION_KEY);

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const token = url.pathname.split("/").at(-1) ?? "";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream, duplex: "half" } as RequestInit);
    const response = await POST(request, { params: Promise.resolve({ token }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`ingest ready ${(server.address() as AddressInfo).port}\n`));
