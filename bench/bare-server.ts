/** The limit the ingest is compared with: Node's http server reading each body and answering 200. */
import http from "node:http";
import type { AddressInfo } from "node:net";

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    Buffer.concat(chunks);
    response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`bare server ready ${(server.address() as AddressInfo).port}\n`));
