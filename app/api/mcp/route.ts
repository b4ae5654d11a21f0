import { handleMcpRequest } from "@/server/mcp/mcp-server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = (request: Request) => handleMcpRequest(request);
export const GET = (request: Request) => handleMcpRequest(request);
export const DELETE = (request: Request) => handleMcpRequest(request);
