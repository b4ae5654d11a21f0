import { createHttpClient } from "@/server/connectors/http/http-client";
import { sendJson, startLocalServer } from "@/server/connectors/testing/local-server";
const sockets = new Set<unknown>();
const server = await startLocalServer((_r, response) => { sockets.add(response.socket); sendJson(response, 200, { ok: true }); });
const client = createHttpClient({ network: { allow: [`reuse.example:${server.port}`] }, lookup: async () => [{ address: "127.0.0.1", family: 4 }] });
for (let i = 0; i < 4; i++) { await client.request({ url: `http://reuse.example:${server.port}/` }); console.log(i, sockets.size); }
await server.close(); process.exit(0);
