import { createConnectionOperation, listConnectionsOperation } from "@/server/api/operations/connections";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(listConnectionsOperation);
export const POST = routeHandler(createConnectionOperation);
