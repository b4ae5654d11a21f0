import { listConnectorsOperation } from "@/server/api/operations/connections";
import { routeHandler } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routeHandler(listConnectorsOperation);
